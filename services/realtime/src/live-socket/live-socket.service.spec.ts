import { create, fromBinary } from '@bufbuild/protobuf';
import { describe, expect, it, vi } from 'vitest';
import { BikeEventKind, BikeView, BoatTaskState, LiveFrameSchema, TaskState, TruckKind, TruckReadingSchema } from '@urban-brain/proto';
import { FeedHealthTracker } from '../live-state/feed-health';
import { FleetLiveState } from '../live-state/fleet-live-state';
import { bikeEvent, boatReading, corridorObservation } from '../live-state/fleet-messages.fixtures';
import { LAYER_FRAME_ENCODERS, LAYER_TOTALS_ENCODERS } from './live-frame.encoder';
import { LiveSocketErrorCode, LiveSocketException } from './live-socket.exception';
import { BIKE_CELLS_EVERY_MS } from '../fleets/bikes/bikes-layer.view';
import { FEED_HEALTH_EVERY_MS, FLEET_TOTALS_EVERY_MS } from './live-frame.assembler';
import { DEFAULT_LIVE_VIEW_OPTIONS, HEARTBEAT_EVERY_MS, LiveSocketService } from './live-socket.service';
import { LIVE_BIKE_EVENTS } from '../fleets/bikes/bikes.live-fleet';
import { LIVE_BOAT_READINGS } from '../fleets/boats/boats.live-fleet';
import { LIVE_CORRIDOR_OBSERVATIONS } from '../fleets/signals/signals.live-fleet';
import { LIVE_TRUCK_READINGS } from '../fleets/trucks/trucks.live-fleet';

const T0 = Date.UTC(2025, 5, 1, 8, 0, 0);
const SUBSCRIBE = { layers: ['trucks'] };

function reading(truckId: string, seq: number, lon = 105.05) {
  return create(TruckReadingSchema, {
    truckId,
    seq,
    recordedAtMs: BigInt(T0 + seq * 1000),
    lon,
    lat: 29.58,
    speedKmh: 12.5,
    headingDeg: 45,
    loadKg: 800,
    taskState: TaskState.SWEEPING,
    kind: TruckKind.SWEEPER,
  });
}

function setup() {
  const options = { staleAfterMs: 60_000, maxEntries: 100 };
  const fleet = new FleetLiveState({ trucks: options, bikes: options, boats: options, corridors: options, ambulances: options, calls: options });
  return { state: fleet, fleet, live: new LiveSocketService(fleet) };
}

// subscribe and area make the client's next frame a snapshot; what the gateway sends right after the ack.
function subscribed(live: LiveSocketService, clientId: string, request: unknown, nowMs: number) {
  const state = live.subscribe(clientId, request);
  return { state, frame: live.nextFrame(clientId, nowMs) };
}
function areaChanged(live: LiveSocketService, clientId: string, area: unknown, nowMs: number) {
  const state = live.changeArea(clientId, area);
  return { state, frame: live.nextFrame(clientId, nowMs) };
}

const decode = (bytes: Uint8Array | null) => {
  expect(bytes).not.toBeNull();
  return fromBinary(LiveFrameSchema, bytes!);
};

describe('LiveSocketService', () => {
  it('starts a subscriber with a snapshot frame of every truck', () => {
    const { state, live } = setup();
    state.apply(LIVE_TRUCK_READINGS, reading('T-1', 1, 105.01), T0 + 5);
    state.apply(LIVE_TRUCK_READINGS, reading('T-2', 1, 105.02), T0 + 6);

    const { state: { layers }, frame } = subscribed(live, 'c1', SUBSCRIBE, T0 + 10);
    expect(layers).toEqual(['trucks']);
    const decoded = decode(frame);
    expect(decoded).toMatchObject({ snapshot: true, frameSeq: 1, sentAtMs: T0 + 10 });
    expect(decoded.trucks!.truckIds).toEqual(['T-1', 'T-2']);
    expect(decoded.trucks!.lon).toEqual([105.01, 105.02]);
    expect(decoded.trucks!.receivedAtMs).toEqual([T0 + 5, T0 + 6]);
    expect(decoded.trucks!.recordedAtMs).toEqual([T0 + 1000, T0 + 1000]);
    expect(decoded.trucks!.taskState).toEqual([TaskState.SWEEPING, TaskState.SWEEPING]);
  });

  it('then sends one coalesced delta per truck changed since that client’s last frame', () => {
    const { state, live } = setup();
    state.apply(LIVE_TRUCK_READINGS, reading('T-1', 1), T0);
    state.apply(LIVE_TRUCK_READINGS, reading('T-2', 1), T0);
    subscribed(live, 'c1', SUBSCRIBE, T0);
    state.apply(LIVE_TRUCK_READINGS, reading('T-2', 2, 105.1), T0 + 100);
    state.apply(LIVE_TRUCK_READINGS, reading('T-2', 3, 105.2), T0 + 200);
    state.apply(LIVE_TRUCK_READINGS, reading('T-3', 1, 105.3), T0 + 200);

    const delta = decode(live.nextFrame('c1', T0 + 250));
    expect(delta.snapshot).toBe(false);
    expect(delta.frameSeq).toBe(2);
    expect(delta.trucks!.truckIds).toEqual(['T-2', 'T-3']);
    expect(delta.trucks!.seq).toEqual([3, 1]);
    expect(delta.trucks!.lon).toEqual([105.2, 105.3]);
  });

  it('sends nothing until something changes, except a heartbeat', () => {
    const { state, live } = setup();
    state.apply(LIVE_TRUCK_READINGS, reading('T-1', 1), T0);
    subscribed(live, 'c1', SUBSCRIBE, T0);
    expect(live.nextFrame('c1', T0 + 250)).toBeNull();
    const heartbeat = decode(live.nextFrame('c1', T0 + HEARTBEAT_EVERY_MS));
    expect(heartbeat.snapshot).toBe(false);
    expect(heartbeat.trucks!.truckIds).toEqual([]);
    expect(heartbeat.removedTruckIds).toEqual([]);
  });

  it('reports removed trucks in the next delta', () => {
    const { state, live } = setup();
    state.apply(LIVE_TRUCK_READINGS, reading('T-1', 1), T0);
    state.apply(LIVE_TRUCK_READINGS, reading('T-2', 1), T0 + 30_000);
    subscribed(live, 'c1', SUBSCRIBE, T0);
    state.removeStale(T0 + 61_000);
    const delta = decode(live.nextFrame('c1', T0 + 61_000));
    expect(delta.removedTruckIds).toEqual(['T-1']);
    expect(delta.trucks!.truckIds).toEqual([]);
  });

  it('keeps each client at its own version (a skipped client catches up in one frame)', () => {
    const { state, live } = setup();
    subscribed(live, 'fast', SUBSCRIBE, T0);
    subscribed(live, 'slow', SUBSCRIBE, T0);
    state.apply(LIVE_TRUCK_READINGS, reading('T-1', 1), T0);
    expect(decode(live.nextFrame('fast', T0 + 250)).trucks!.truckIds).toEqual(['T-1']);
    // "slow" is skipped this tick (busy socket): no call for it.
    state.apply(LIVE_TRUCK_READINGS, reading('T-2', 1), T0 + 300);
    state.apply(LIVE_TRUCK_READINGS, reading('T-1', 2), T0 + 400);
    expect(decode(live.nextFrame('fast', T0 + 500)).trucks!.truckIds).toEqual(['T-2', 'T-1']);
    const slow = decode(live.nextFrame('slow', T0 + 500));
    expect(slow.trucks!.truckIds).toEqual(['T-2', 'T-1']);
    expect(slow.trucks!.seq).toEqual([1, 2]);
    expect(slow.frameSeq).toBe(2);
  });

  it('refuses a malformed subscribe with a code and keeps no session', () => {
    const { live } = setup();
    const codeOf = (request: unknown) => {
      try {
        subscribed(live, 'c1', request, T0);
      } catch (error) {
        expect(error).toBeInstanceOf(LiveSocketException);
        return (error as LiveSocketException).code;
      }
      return 'accepted';
    };
    expect(codeOf(undefined)).toBe(LiveSocketErrorCode.INVALID_REQUEST);
    expect(codeOf('trucks')).toBe(LiveSocketErrorCode.INVALID_REQUEST);
    expect(codeOf({ layers: [] })).toBe(LiveSocketErrorCode.INVALID_REQUEST);
    expect(codeOf({ layers: 'trucks' })).toBe(LiveSocketErrorCode.INVALID_REQUEST);
    expect(codeOf({ layers: ['trucks'], bbox: 1 })).toBe(LiveSocketErrorCode.INVALID_REQUEST);
    expect(codeOf({ layers: ['trucks', 'ufos'] })).toBe(LiveSocketErrorCode.UNKNOWN_LAYER);
    expect(codeOf({ layers: ['Bikes'] })).toBe(LiveSocketErrorCode.UNKNOWN_LAYER);
    expect(live.isSubscribed('c1')).toBe(false);
    expect(live.nextFrame('c1', T0)).toBeNull();
    expect(codeOf({ layers: ['trucks', 'trucks'] })).toBe('accepted');
    expect(codeOf({ layers: ['trucks', 'bikes', 'boats', 'corridors'] })).toBe('accepted');
  });

  it('sends only the layers a client subscribed to, each with its own deltas and removals', () => {
    const { state, fleet, live } = setup();
    state.apply(LIVE_TRUCK_READINGS, reading('T-1', 1), T0);
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 1), T0);
    fleet.apply(LIVE_BOAT_READINGS, boatReading('W-1', 1), T0);
    fleet.apply(LIVE_CORRIDOR_OBSERVATIONS, corridorObservation('C-1', 1), T0);

    const { state: { layers }, frame } = subscribed(live, 'c1', { layers: ['bikes', 'boats', 'corridors'] }, T0);
    expect(layers).toEqual(['bikes', 'boats', 'corridors']);
    const snapshot = decode(frame);
    expect(snapshot.snapshot).toBe(true);
    expect(snapshot.trucks).toBeUndefined();
    expect(snapshot.bikes!.bikeIds).toEqual(['B-1']);
    expect(snapshot.boats!.boatIds).toEqual(['W-1']);
    expect(snapshot.corridors!.corridorIds).toEqual(['C-1']);

    // A truck moving is not this client's business.
    state.apply(LIVE_TRUCK_READINGS, reading('T-1', 2), T0 + 100);
    expect(live.nextFrame('c1', T0 + 200)).toBeNull();

    fleet.apply(LIVE_BOAT_READINGS, boatReading('W-1', 2, { debrisKg: 99 }), T0 + 300);
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-2', 1), T0 + 50_000);
    fleet.removeStale(T0 + 61_000);
    const delta = decode(live.nextFrame('c1', T0 + 61_000));
    expect(delta.snapshot).toBe(false);
    expect(delta.boats!.boatIds).toEqual([]);
    expect(delta.removedBoatIds).toEqual(['W-1']);
    expect(delta.bikes!.bikeIds).toEqual(['B-2']);
    expect(delta.removedBikeIds).toEqual(['B-1']);
    expect(delta.removedCorridorIds).toEqual(['C-1']);
    expect(delta.removedTruckIds).toEqual([]);
  });

  it('forgets a client that left', () => {
    const { live } = setup();
    subscribed(live, 'c1', SUBSCRIBE, T0);
    expect(live.subscriberCount).toBe(1);
    live.forget('c1');
    expect(live.subscriberCount).toBe(0);
    expect(live.nextFrame('c1', T0 + 5_000)).toBeNull();
  });
});

describe('LiveSocketService with map areas', () => {
  // Around (105.05, 29.58); with its margin it reaches 105.00-105.10 by 29.555-29.605.
  const AREA = { west: 105.025, south: 29.5675, east: 105.075, north: 29.5925 };
  const POINTS = { ...AREA, zoom: 15 };
  const CELLS = { ...AREA, zoom: 12 };

  it('sends only entities in the area (with its margin), removes those that leave it, and adds those that enter', () => {
    const { fleet, live } = setup();
    fleet.apply(LIVE_TRUCK_READINGS, reading('T-in', 1, 105.05), T0);
    fleet.apply(LIVE_TRUCK_READINGS, reading('T-margin', 1, 105.09), T0);
    fleet.apply(LIVE_TRUCK_READINGS, reading('T-out', 1, 105.3), T0);
    const { state: subscription, frame } = subscribed(live, 'c1', { layers: ['trucks'], area: POINTS }, T0);
    expect(subscription).toEqual({ layers: ['trucks'], bikeView: 'points' });
    expect(decode(frame).trucks!.truckIds).toEqual(['T-in', 'T-margin']);

    fleet.apply(LIVE_TRUCK_READINGS, reading('T-in', 2, 105.3), T0 + 100);
    fleet.apply(LIVE_TRUCK_READINGS, reading('T-out', 2, 105.06), T0 + 100);
    const delta = decode(live.nextFrame('c1', T0 + 200));
    expect(delta.trucks!.truckIds).toEqual(['T-out']);
    expect(delta.removedTruckIds).toEqual(['T-in']);

    // Moving about outside the area, never held: not this client's business.
    fleet.apply(LIVE_TRUCK_READINGS, reading('T-in', 3, 105.4), T0 + 300);
    expect(live.nextFrame('c1', T0 + 400)).toBeNull();
  });

  it('re-snapshots for a new area, and refuses a bad area or one before subscribe with a code', () => {
    const { fleet, live } = setup();
    fleet.apply(LIVE_TRUCK_READINGS, reading('T-1', 1, 105.05), T0);
    fleet.apply(LIVE_TRUCK_READINGS, reading('T-2', 1, 105.3), T0);
    const codeOf = (client: string, area: unknown) => {
      try {
        areaChanged(live, client, area, T0);
        return 'accepted';
      } catch (error) {
        return (error as LiveSocketException).code;
      }
    };
    expect(codeOf('c1', POINTS)).toBe(LiveSocketErrorCode.NOT_SUBSCRIBED);
    subscribed(live, 'c1', { layers: ['trucks'], area: POINTS }, T0);
    expect(codeOf('c1', { ...POINTS, west: 106 })).toBe(LiveSocketErrorCode.INVALID_AREA);
    expect(codeOf('c1', 'everywhere')).toBe(LiveSocketErrorCode.INVALID_AREA);

    const moved = areaChanged(live, 'c1', { west: 105.275, south: 29.5675, east: 105.325, north: 29.5925, zoom: 15 }, T0 + 50);
    const snapshot = decode(moved.frame);
    expect(snapshot.snapshot).toBe(true);
    expect(snapshot.trucks!.truckIds).toEqual(['T-2']);
    // The new area's snapshot replaced the old; T-1 leaving is not news to the client any more.
    fleet.apply(LIVE_TRUCK_READINGS, reading('T-1', 2, 105.06), T0 + 100);
    expect(live.nextFrame('c1', T0 + 200)).toBeNull();
  });

  it('zoomed out, sends bike cells of the area and no bikes; zoomed in, the bikes; fence counts in both', () => {
    const { fleet, live } = setup();
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 1, { lon: 105.05, lat: 29.58, fenceId: 'f:1' }), T0);
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-2', 1, { lon: 105.0501, lat: 29.5801, fenceId: 'f:1' }), T0);
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-3', 1, { lon: 105.06, lat: 29.58, inFence: false, fenceId: '' }), T0);
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-far', 1, { lon: 105.5, lat: 29.58, fenceId: 'f:far' }), T0);

    const cells = subscribed(live, 'c1', { layers: ['bikes'], area: CELLS }, T0);
    expect(cells.state.bikeView).toBe('cells');
    const snapshot = decode(cells.frame);
    expect(snapshot.bikeView).toBe(BikeView.CELLS);
    expect(snapshot.bikes?.bikeIds ?? []).toEqual([]);
    expect(snapshot.bikeCells!.bikes.reduce((a, b) => a + b, 0)).toBe(3);
    expect(snapshot.bikeCells!.cellIds.every((id) => id.startsWith('15/'))).toBe(true);
    expect(snapshot.bikeCells!.outsideFence.reduce((a, b) => a + b, 0)).toBe(1);
    expect(snapshot.fences).toMatchObject({ fenceIds: ['f:1'], parked: [2] });

    // A bike parks: the fence count goes out at once, the cells within BIKE_CELLS_EVERY_MS.
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-3', 2, { lon: 105.05, lat: 29.58, fenceId: 'f:1' }), T0 + 100);
    const soon = decode(live.nextFrame('c1', T0 + 200));
    expect(soon.fences).toMatchObject({ fenceIds: ['f:1'], parked: [3] });
    expect(soon.bikeCells).toBeUndefined();
    const later = decode(live.nextFrame('c1', T0 + 200 + BIKE_CELLS_EVERY_MS));
    expect(later.bikeCells!.outsideFence.reduce((a, b) => a + b, 0)).toBe(0);
    expect(later.bikeView).toBe(BikeView.CELLS);
    const computations = live.bikeCellComputations;
    expect(live.nextFrame('c1', T0 + 300 + BIKE_CELLS_EVERY_MS)).toBeNull();
    expect(live.bikeCellComputations).toBe(computations);

    const points = areaChanged(live, 'c1', POINTS, T0 + 3_000);
    expect(points.state.bikeView).toBe('points');
    const zoomedIn = decode(points.frame);
    expect(zoomedIn).toMatchObject({ snapshot: true, bikeView: BikeView.POINTS });
    expect(zoomedIn.bikes!.bikeIds.sort()).toEqual(['B-1', 'B-2', 'B-3']);
    expect(zoomedIn.bikeCells).toBeUndefined();
    expect(zoomedIn.fences).toMatchObject({ fenceIds: ['f:1'], parked: [3] });
  });

  it('builds one snapshot per frame sent however many area changes came in between', () => {
    const { fleet, live } = setup();
    fleet.apply(LIVE_TRUCK_READINGS, reading('T-1', 1, 105.05), T0);
    subscribed(live, 'c1', { layers: ['trucks'], area: POINTS }, T0);
    for (let i = 0; i < 100; i++) live.changeArea('c1', { ...POINTS, zoom: 14 + (i % 5) });
    const snapshot = decode(live.nextFrame('c1', T0 + 100));
    expect(snapshot).toMatchObject({ snapshot: true, frameSeq: 2 });
    expect(snapshot.trucks!.truckIds).toEqual(['T-1']);
    expect(live.nextFrame('c1', T0 + 200)).toBeNull();
  });

  it('computes cells once per tick per cell zoom, however many clients share it', () => {
    const { fleet, live } = setup();
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 1), T0);
    for (const client of ['c1', 'c2', 'c3']) subscribed(live, client, { layers: ['bikes'], area: CELLS }, T0);
    subscribed(live, 'c4', { layers: ['bikes'], area: { ...CELLS, zoom: 11 } }, T0);
    expect(live.bikeCellComputations).toBe(2);
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-2', 1), T0 + 10);
    for (const client of ['c1', 'c2', 'c3', 'c4']) expect(live.nextFrame(client, T0 + BIKE_CELLS_EVERY_MS)).not.toBeNull();
    expect(live.bikeCellComputations).toBe(4);
  });

  it('whole-city clients at the same version share one encoded delta', () => {
    const { fleet, live } = setup();
    subscribed(live, 'c1', { layers: ['trucks', 'bikes'] }, T0);
    subscribed(live, 'c2', { layers: ['trucks', 'bikes'] }, T0);
    fleet.apply(LIVE_TRUCK_READINGS, reading('T-1', 1), T0 + 10);
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 1, { fenceId: 'f:1' }), T0 + 10);
    const encodeTrucks = vi.spyOn(LAYER_FRAME_ENCODERS, 'trucks');
    const encodeBikes = vi.spyOn(LAYER_FRAME_ENCODERS, 'bikes');
    const a = decode(live.nextFrame('c1', T0 + 100));
    const b = decode(live.nextFrame('c2', T0 + 100));
    expect(encodeTrucks).toHaveBeenCalledTimes(1);
    expect(encodeBikes).toHaveBeenCalledTimes(1);
    expect(b).toEqual({ ...a, frameSeq: b.frameSeq });
    expect(a.bikes!.bikeIds).toEqual(['B-1']);
    expect(a.fences).toMatchObject({ fenceIds: ['f:1'], parked: [1] });
    expect(a.bikeView).toBe(BikeView.POINTS);
  });

  it('sends an area client the fleet-wide totals of its layers, whatever its area, and again only when they change, at most once a second', () => {
    const { fleet, live } = setup();
    fleet.apply(LIVE_TRUCK_READINGS, reading('T-in', 1, 105.05), T0);
    fleet.apply(LIVE_TRUCK_READINGS, reading('T-far', 1, 105.5), T0);
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-in', 1, { lon: 105.05, lat: 29.58 }), T0);
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-far-1', 1, { lon: 105.5, lat: 29.58, inFence: false, fenceId: '' }), T0);
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-far-2', 1, { lon: 105.5, lat: 29.6, batteryPct: 8 }), T0);
    fleet.apply(LIVE_BOAT_READINGS, boatReading('BT-far', 1, { lon: 105.5, taskState: BoatTaskState.SWEEPING, debrisKg: 12 }), T0);

    const snapshot = decode(subscribed(live, 'c1', { layers: ['trucks', 'bikes', 'boats'], area: CELLS }, T0).frame);
    expect(snapshot.trucks!.truckIds).toEqual(['T-in']);
    expect(snapshot.bikeCells!.bikes.reduce((a, b) => a + b, 0)).toBe(1);
    expect(snapshot.boats!.boatIds).toEqual([]);
    expect(snapshot.truckTotals).toMatchObject({ total: 2, moving: 2 });
    expect(snapshot.truckTotals!.byTaskState[TaskState.SWEEPING]).toBe(2);
    expect(snapshot.bikeTotals).toMatchObject({ total: 3, parkedInFence: 2, parkedOutsideFence: 1, riding: 0, faulty: 0, ebikes: 3, ebikesLowBattery: 1 });
    expect(snapshot.boatTotals).toMatchObject({ total: 1, working: 1, debrisKg: 12 });

    // A bike far outside the area is taken for a ride: no cell or fence of the area changed, the totals did;
    // they go out once FLEET_TOTALS_EVERY_MS has passed since the last ones.
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-far-1', 2, { lon: 105.5, lat: 29.58, kind: BikeEventKind.TRIP_START }), T0 + 100);
    expect(live.nextFrame('c1', T0 + 200)).toBeNull();
    const delta = decode(live.nextFrame('c1', T0 + FLEET_TOTALS_EVERY_MS));
    expect(delta.snapshot).toBe(false);
    // The cells are due again by then, and still hold only the area's bike.
    expect(delta.bikeCells!.bikes).toEqual([1]);
    expect(delta.bikeTotals).toMatchObject({ total: 3, parkedOutsideFence: 0, riding: 1 });
    // Unchanged layers' totals are not resent.
    expect(delta.truckTotals).toBeUndefined();
    expect(delta.boatTotals).toBeUndefined();

    // The rider moves on, the figures stay: the next frame (a heartbeat by then) carries none.
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-far-1', 3, { lon: 105.51, lat: 29.58, kind: BikeEventKind.TRIP_START }), T0 + 1_100);
    const heartbeat = decode(live.nextFrame('c1', T0 + 2 * FLEET_TOTALS_EVERY_MS + 100));
    expect(heartbeat.bikeTotals).toBeUndefined();
  });

  it('tallies once per layer version and builds the totals message once, however many clients', () => {
    const { fleet, live } = setup();
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 1), T0);
    subscribed(live, 'c1', { layers: ['bikes'], area: CELLS }, T0);
    subscribed(live, 'c2', { layers: ['bikes'], area: POINTS }, T0);
    subscribed(live, 'c3', { layers: ['bikes'] }, T0);
    subscribed(live, 'c4', { layers: ['trucks', 'corridors'] }, T0);
    const tallies = live.fleetTotalsComputations;
    const encodeBikeTotals = vi.spyOn(LAYER_TOTALS_ENCODERS, 'bikes');

    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-2', 1, { lon: 105.5, inFence: false, fenceId: '' }), T0 + 10);
    const frames = ['c1', 'c2', 'c3'].map((client) => decode(live.nextFrame(client, T0 + BIKE_CELLS_EVERY_MS)));
    for (const frame of frames) expect(frame.bikeTotals).toMatchObject({ total: 2, parkedOutsideFence: 1 });
    expect(encodeBikeTotals).toHaveBeenCalledTimes(1);
    expect(live.fleetTotalsComputations).toBe(tallies + 1);
    // A client without the bike layer gets no bike totals; its own layers' totals, unchanged, are not resent.
    const heartbeat = decode(live.nextFrame('c4', T0 + BIKE_CELLS_EVERY_MS));
    expect(heartbeat.bikeTotals).toBeUndefined();
    expect(heartbeat.truckTotals).toBeUndefined();
  });

  it('carries the feed health in every snapshot, then once a second, even when nothing moves', () => {
    const options = { staleAfterMs: 60_000, maxEntries: 100 };
    const fleet = new FleetLiveState({ trucks: options, bikes: options, boats: options, corridors: options, ambulances: options, calls: options });
    const limits = { delayedAfterMs: 5_000, downAfterMs: 15_000 };
    const health = new FeedHealthTracker({ stallAfterMs: 5_000, layers: { trucks: limits, bikes: limits, boats: limits, corridors: limits, ambulances: limits } });
    const live = new LiveSocketService(fleet, DEFAULT_LIVE_VIEW_OPTIONS, health);
    health.joined(T0);
    fleet.apply(LIVE_TRUCK_READINGS, reading('T-1', 1), T0 + 5);
    health.received('trucks', T0 + 1000, T0 + 5);

    const snapshot = decode(subscribed(live, 'c1', SUBSCRIBE, T0 + 10).frame);
    expect(snapshot.feedHealth).toMatchObject({ checkedAtMs: T0 + 10, consumerJoinedAtMs: T0 });
    expect(snapshot.feedHealth!.fleets.find((f) => f.layer === 'trucks')).toMatchObject({ lastReceivedAtMs: T0 + 5, newestRecordedAtMs: T0 + 1000 });

    // A delta within the second carries none; the broker gone quiet, the next second's frame says so.
    fleet.apply(LIVE_TRUCK_READINGS, reading('T-1', 2), T0 + 500);
    expect(decode(live.nextFrame('c1', T0 + 500)).feedHealth).toBeUndefined();
    expect(live.nextFrame('c1', T0 + 600)).toBeNull();
    const later = decode(live.nextFrame('c1', T0 + 10 + FEED_HEALTH_EVERY_MS));
    expect(later.trucks!.truckIds).toEqual([]);
    expect(later.feedHealth).toMatchObject({ checkedAtMs: T0 + 10 + FEED_HEALTH_EVERY_MS, consumerActiveAtMs: T0 + 5 });
  });
});
