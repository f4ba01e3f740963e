import { BikeEventKind } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { FenceOccupancy } from './fence-occupancy';
import { FleetLiveState } from '../../live-state/fleet-live-state';
import { bikeEvent } from '../../live-state/fleet-messages.fixtures';
import { LIVE_BIKE_EVENTS } from './bikes.live-fleet';

function setup() {
  const options = { staleAfterMs: 60_000, maxEntries: 100 };
  const fleet = new FleetLiveState({ trucks: options, bikes: options, boats: options, corridors: options, ambulances: options, calls: options });
  return { fleet, fences: new FenceOccupancy(fleet.layer('bikes')) };
}

describe('FenceOccupancy', () => {
  it('counts bikes parked per fence, not ridden ones or ones outside a fence', () => {
    const { fleet, fences } = setup();
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 1, { fenceId: 'f:1', lon: 105.0 }), 0);
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-2', 1, { fenceId: 'f:1', lon: 105.2 }), 0);
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-3', 1, { fenceId: 'f:2' }), 0);
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-4', 1, { fenceId: 'f:2', kind: BikeEventKind.TRIP_START }), 0);
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-5', 1, { fenceId: '', inFence: false }), 0);
    const snapshot = fences.snapshot();
    expect(snapshot.map((f) => [f.fenceId, f.parked])).toEqual([
      ['f:1', 2],
      ['f:2', 1],
    ]);
    expect(snapshot[0]!.lon).toBeCloseTo(105.1, 10);
  });

  it('reports only the fences whose count changed since a version, an emptied fence as 0', () => {
    const { fleet, fences } = setup();
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 1, { fenceId: 'f:1' }), 0);
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-2', 1, { fenceId: 'f:2' }), 0);
    fences.snapshot();
    const seen = fleet.layer('bikes').version;
    expect(fences.changesSince(seen)).toEqual({ snapshot: false, fences: [] });

    // B-1 rides off: f:1 empties; a bike moving inside f:2 changes nothing there.
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 2, { fenceId: 'f:1', kind: BikeEventKind.TRIP_START }), 0);
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-2', 2, { fenceId: 'f:2', lon: 105.07 }), 0);
    const changes = fences.changesSince(seen);
    expect(changes.snapshot).toBe(false);
    expect(changes.fences.map((f) => [f.fenceId, f.parked])).toEqual([['f:1', 0]]);
    expect(fences.snapshot().map((f) => f.fenceId)).toEqual(['f:2']);

    // And a bike aging out of the layer leaves its fence too.
    const before = fleet.layer('bikes').version;
    fleet.removeStale(61_000);
    expect(fences.changesSince(before).fences.map((f) => [f.fenceId, f.parked])).toEqual([['f:2', 0]]);
  });
});
