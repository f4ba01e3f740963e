import { describe, expect, it } from 'vitest';
import { BikeEventKind, BoatTaskState, TaskState } from '@urban-brain/proto';
import { FleetLiveState } from './fleet-live-state';
import { FleetTotalsCache } from './fleet-totals';
import { bikeEvent, boatReading, FIXTURE_T0, truckReading } from './fleet-messages.fixtures';
import { LIVE_BIKE_EVENTS } from '../fleets/bikes/bikes.live-fleet';
import { LIVE_BOAT_READINGS } from '../fleets/boats/boats.live-fleet';
import { LIVE_TRUCK_READINGS } from '../fleets/trucks/trucks.live-fleet';

function setup() {
  const options = { staleAfterMs: 60_000, maxEntries: 100 };
  const state = new FleetLiveState({ trucks: options, bikes: options, boats: options, corridors: options, ambulances: options, calls: options });
  return { state, totals: new FleetTotalsCache(state) };
}

describe('FleetTotalsCache', () => {
  it('splits bikes into parked in a fence, parked outside, riding and faulty, adding up to the total', () => {
    const { state, totals } = setup();
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-in', 1), FIXTURE_T0);
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-out', 1, { inFence: false, fenceId: '', kind: BikeEventKind.PARKED_STATE }), FIXTURE_T0);
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-ride', 1, { kind: BikeEventKind.TRIP_START, batteryPct: 12 }), FIXTURE_T0);
    // Faulty counts as faulty only, even standing outside a fence.
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-fault', 1, { kind: BikeEventKind.FAULT, inFence: false, isEbike: false, batteryPct: 0 }), FIXTURE_T0);

    const { tally } = totals.current('bikes');
    expect(tally).toEqual({ total: 4, parkedInFence: 1, parkedOutsideFence: 1, riding: 1, faulty: 1, ebikes: 3, ebikesLowBattery: 1 });
    expect(tally.parkedInFence + tally.parkedOutsideFence + tally.riding + tally.faulty).toBe(tally.total);
  });

  it('counts trucks per task state and moving ones; boats working and their debris', () => {
    const { state, totals } = setup();
    state.apply(LIVE_TRUCK_READINGS, truckReading('T-1', 1, { taskState: TaskState.SWEEPING, speedKmh: 12 }), FIXTURE_T0);
    state.apply(LIVE_TRUCK_READINGS, truckReading('T-2', 1, { taskState: TaskState.IDLE, speedKmh: 0 }), FIXTURE_T0);
    state.apply(LIVE_TRUCK_READINGS, truckReading('T-3', 1, { taskState: TaskState.SWEEPING, speedKmh: 2 }), FIXTURE_T0);
    state.apply(LIVE_BOAT_READINGS, boatReading('BT-1', 1, { taskState: BoatTaskState.SWEEPING, debrisKg: 40.5 }), FIXTURE_T0);
    state.apply(LIVE_BOAT_READINGS, boatReading('BT-2', 1, { taskState: BoatTaskState.CHARGING, debrisKg: 100 }), FIXTURE_T0);

    const trucks = totals.current('trucks').tally;
    expect(trucks.total).toBe(3);
    expect(trucks.moving).toBe(1);
    expect(trucks.byTaskState[TaskState.SWEEPING]).toBe(2);
    expect(trucks.byTaskState[TaskState.IDLE]).toBe(1);
    expect(trucks.byTaskState).toHaveLength(TaskState.SWEEPING + 1);
    expect(totals.current('boats').tally).toEqual({ total: 2, working: 1, debrisKg: 140.5 });
  });

  it('recounts only when the layer moved, and bumps the revision only when the figures changed', () => {
    const { state, totals } = setup();
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 1), FIXTURE_T0);
    const first = totals.current('bikes');
    expect(totals.current('bikes').revision).toBe(first.revision);
    expect(totals.computations).toBe(1);

    // A new version with the same figures (the bike reported again, still parked in its fence): same revision.
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 2), FIXTURE_T0 + 1000);
    expect(totals.current('bikes').revision).toBe(first.revision);
    expect(totals.computations).toBe(2);

    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 3, { kind: BikeEventKind.TRIP_START }), FIXTURE_T0 + 2000);
    const moved = totals.current('bikes');
    expect(moved.revision).toBe(first.revision + 1);
    expect(moved.tally).toMatchObject({ total: 1, parkedInFence: 0, riding: 1 });
  });

  it('forgets bikes that aged out of the layer', () => {
    const { state, totals } = setup();
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 1), FIXTURE_T0);
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-2', 1), FIXTURE_T0 + 59_000);
    expect(totals.current('bikes').tally.total).toBe(2);
    state.removeStale(FIXTURE_T0 + 60_000);
    expect(totals.current('bikes').tally).toMatchObject({ total: 1, parkedInFence: 1 });
  });
});
