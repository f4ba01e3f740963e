import { describe, expect, it } from 'vitest';
import { BikeEventKind, BoatTaskState, CorridorDirection, MovementPhaseState, TaskState } from '@urban-brain/proto';
import { FleetLiveState } from './fleet-live-state';
import { bikeEvent, boatReading, corridorObservation, FIXTURE_T0 as T0, signalPhaseChange, truckReading } from './fleet-messages.fixtures';
import { phaseColour, worseDirection } from '@urban-brain/common';
import { LIVE_BIKE_EVENTS } from '../fleets/bikes/bikes.live-fleet';
import { LIVE_BOAT_READINGS } from '../fleets/boats/boats.live-fleet';
import { LIVE_CORRIDOR_OBSERVATIONS, LIVE_SIGNAL_PHASES } from '../fleets/signals/signals.live-fleet';
import { LIVE_TRUCK_READINGS } from '../fleets/trucks/trucks.live-fleet';

const layerOptions = { staleAfterMs: 60_000, maxEntries: 100 };
const setup = () => new FleetLiveState({ trucks: layerOptions, bikes: { ...layerOptions, staleAfterMs: 3_600_000 }, boats: layerOptions, corridors: layerOptions, ambulances: layerOptions, calls: layerOptions });

describe('FleetLiveState', () => {
  it('keeps each layer in its own store with its own version', () => {
    const state = setup();
    state.apply(LIVE_TRUCK_READINGS, truckReading('T-1', 1), T0);
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 1), T0);
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-2', 1), T0);
    expect(state.layer('trucks').size).toBe(1);
    expect(state.layer('bikes').size).toBe(2);
    expect(state.layer('bikes').version).toBe(2);
    expect(state.layer('trucks').version).toBe(1);
    expect(state.layer('boats').size).toBe(0);
  });

  it('holds the newest truck reading and refuses older or duplicate ones', () => {
    const state = setup();
    expect(state.apply(LIVE_TRUCK_READINGS, truckReading('T-1', 2, { lon: 105.2, taskState: TaskState.UNLOADING }), T0 + 5)).toBe(true);
    expect(state.apply(LIVE_TRUCK_READINGS, truckReading('T-1', 1, { lon: 105.1 }), T0 + 6)).toBe(false);
    expect(state.apply(LIVE_TRUCK_READINGS, truckReading('T-1', 2, { lon: 105.3 }), T0 + 7)).toBe(false);
    // Same device time, higher seq: newer.
    expect(state.apply(LIVE_TRUCK_READINGS, truckReading('T-1', 3, { lon: 105.4 }, T0 + 2000), T0 + 8)).toBe(true);
    expect(state.layer('trucks').get('T-1')).toMatchObject({ seq: 3, lon: 105.4, recordedAtMs: T0 + 2000, receivedAtMs: T0 + 8 });
  });

  it('holds a bike’s last event, its fence and battery (0 for a pedal bike)', () => {
    const state = setup();
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 1), T0);
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 2, { kind: BikeEventKind.TRIP_START, fenceId: '', inFence: false, lon: 105.07 }), T0 + 1);
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-2', 1, { isEbike: false, batteryPct: 55 }), T0 + 2);
    expect(state.layer('bikes').get('B-1')).toMatchObject({ lastEvent: BikeEventKind.TRIP_START, inFence: false, fenceId: '', lon: 105.07, batteryPct: 64 });
    expect(state.layer('bikes').get('B-2')).toMatchObject({ isEbike: false, batteryPct: 0, inFence: true, fenceId: 'fence:sz-017' });
    expect(state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 1), T0 + 3)).toBe(false);
  });

  it('holds a boat’s newest reading with debris and task state', () => {
    const state = setup();
    state.apply(LIVE_BOAT_READINGS, boatReading('W-1', 1, { debrisKg: 10 }), T0);
    state.apply(LIVE_BOAT_READINGS, boatReading('W-1', 2, { debrisKg: 12.5, taskState: BoatTaskState.RETURNING }), T0 + 1);
    expect(state.layer('boats').get('W-1')).toMatchObject({ debrisKg: 12.5, taskState: BoatTaskState.RETURNING, seq: 2 });
  });

  it('merges corridor observations per direction and reports the worse one', () => {
    const state = setup();
    state.apply(LIVE_CORRIDOR_OBSERVATIONS, corridorObservation('C-1', 1, { arrivalsOnGreenPct: 80, travelTimeS: 300, designTravelTimeS: 300 }), T0);
    state.apply(
      LIVE_CORRIDOR_OBSERVATIONS,
      corridorObservation('C-1', 1, { direction: CorridorDirection.INBOUND, arrivalsOnGreenPct: 40, travelTimeS: 450, designTravelTimeS: 300 }),
      T0 + 1,
    );
    // An older outbound observation does not replace the newer one.
    expect(state.apply(LIVE_CORRIDOR_OBSERVATIONS, corridorObservation('C-1', 1, { arrivalsOnGreenPct: 10 }, T0), T0 + 2)).toBe(false);
    const corridor = state.layer('corridors').get('C-1')!;
    expect(corridor.observations.size).toBe(2);
    expect(worseDirection(corridor)).toMatchObject({ direction: CorridorDirection.INBOUND, arrivalsOnGreenPct: 40, travelTimeRatio: 1.5 });
  });

  it('keeps the last judged window when a window had no vehicle, and calls a direction slow by travel time worse than one merely lower on green', () => {
    const state = setup();
    state.apply(LIVE_CORRIDOR_OBSERVATIONS, corridorObservation('C-1', 1, { arrivalsOnGreenPct: 62, travelTimeS: 280, designTravelTimeS: 280 }), T0);
    // No vehicle crossed: no verdict, so the corridor still shows the window before.
    expect(state.apply(LIVE_CORRIDOR_OBSERVATIONS, corridorObservation('C-1', 2, { arrivalsOnGreenPct: 0, vehicles: 0 }), T0 + 1)).toBe(false);
    expect(worseDirection(state.layer('corridors').get('C-1')!)).toMatchObject({ seq: 1, arrivalsOnGreenPct: 62 });
    // Inbound: 75 % on green but trips 40 % over design, broken by the shared verdict; outbound's 62 % is intact.
    state.apply(LIVE_CORRIDOR_OBSERVATIONS, corridorObservation('C-1', 3, { direction: CorridorDirection.INBOUND, arrivalsOnGreenPct: 75, travelTimeS: 392, designTravelTimeS: 280 }), T0 + 2);
    expect(worseDirection(state.layer('corridors').get('C-1')!)).toMatchObject({ direction: CorridorDirection.INBOUND, arrivalsOnGreenPct: 75 });
  });

  it('tracks the newest phase per signal group and per intersection of a corridor', () => {
    const state = setup();
    state.apply(LIVE_SIGNAL_PHASES, signalPhaseChange('I-1', 1, { signalGroup: 2 }), T0);
    state.apply(LIVE_SIGNAL_PHASES, signalPhaseChange('I-1', 2, { signalGroup: 4, phaseState: MovementPhaseState.STOP_AND_REMAIN }), T0);
    state.apply(LIVE_SIGNAL_PHASES, signalPhaseChange('I-2', 1, { phaseState: MovementPhaseState.DARK }), T0);
    // Out of order for I-1 group 2: ignored.
    expect(state.apply(LIVE_SIGNAL_PHASES, signalPhaseChange('I-1', 1, { phaseState: MovementPhaseState.DARK }, T0), T0)).toBe(false);
    // A phase change of an intersection on no corridor is not a corridor's business.
    expect(state.apply(LIVE_SIGNAL_PHASES, signalPhaseChange('I-9', 1, { corridorId: '' }), T0)).toBe(false);

    const corridor = state.layer('corridors').get('corridor:hanan-west')!;
    expect(corridor.signalGroups.size).toBe(3);
    expect(corridor.intersections.size).toBe(2);
    expect(corridor.intersections.get('I-1')!.phaseState).toBe(MovementPhaseState.STOP_AND_REMAIN);
    expect(corridor.observations.size).toBe(0);
    expect(state.layer('corridors').size).toBe(1);
  });

  it('ages out every layer by its own staleness', () => {
    const state = setup();
    state.apply(LIVE_TRUCK_READINGS, truckReading('T-1', 1), T0);
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 1), T0);
    expect(state.removeStale(T0 + 61_000)).toEqual({ trucks: ['T-1'], bikes: [], boats: [], corridors: [], ambulances: [], calls: [] });
    expect(state.layer('bikes').size).toBe(1);
  });
});

describe('phaseColour', () => {
  it('maps J2735 states to what a driver sees', () => {
    expect(phaseColour(MovementPhaseState.PERMISSIVE_MOVEMENT_ALLOWED)).toBe('green');
    expect(phaseColour(MovementPhaseState.PROTECTED_CLEARANCE)).toBe('amber');
    expect(phaseColour(MovementPhaseState.CAUTION_CONFLICTING_TRAFFIC)).toBe('amber');
    expect(phaseColour(MovementPhaseState.STOP_THEN_PROCEED)).toBe('red');
    expect(phaseColour(MovementPhaseState.DARK)).toBe('dark');
    expect(phaseColour(MovementPhaseState.UNAVAILABLE)).toBe('dark');
  });
});
