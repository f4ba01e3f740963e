import { create, fromBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { LiveFrameSchema, TaskState, TruckKind, TruckReadingSchema } from '@urban-brain/proto';
import { FleetLiveState } from '../live-state/fleet-live-state';
import { bikeEvent, boatReading, corridorObservation } from '../live-state/fleet-messages.fixtures';
import { LiveSocketErrorCode, LiveSocketException } from './live-socket.exception';
import { HEARTBEAT_EVERY_MS, LiveSocketService } from './live-socket.service';

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
  const fleet = new FleetLiveState({ trucks: options, bikes: options, boats: options, corridors: options });
  return { state: fleet, fleet, live: new LiveSocketService(fleet) };
}

const decode = (bytes: Uint8Array | null) => {
  expect(bytes).not.toBeNull();
  return fromBinary(LiveFrameSchema, bytes!);
};

describe('LiveSocketService', () => {
  it('starts a subscriber with a snapshot frame of every truck', () => {
    const { state, live } = setup();
    state.applyTruckReading(reading('T-1', 1, 105.01), T0 + 5);
    state.applyTruckReading(reading('T-2', 1, 105.02), T0 + 6);

    const { layers, frame } = live.subscribe('c1', SUBSCRIBE, T0 + 10);
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
    state.applyTruckReading(reading('T-1', 1), T0);
    state.applyTruckReading(reading('T-2', 1), T0);
    live.subscribe('c1', SUBSCRIBE, T0);
    state.applyTruckReading(reading('T-2', 2, 105.1), T0 + 100);
    state.applyTruckReading(reading('T-2', 3, 105.2), T0 + 200);
    state.applyTruckReading(reading('T-3', 1, 105.3), T0 + 200);

    const delta = decode(live.nextFrame('c1', T0 + 250));
    expect(delta.snapshot).toBe(false);
    expect(delta.frameSeq).toBe(2);
    expect(delta.trucks!.truckIds).toEqual(['T-2', 'T-3']);
    expect(delta.trucks!.seq).toEqual([3, 1]);
    expect(delta.trucks!.lon).toEqual([105.2, 105.3]);
  });

  it('sends nothing until something changes, except a heartbeat', () => {
    const { state, live } = setup();
    state.applyTruckReading(reading('T-1', 1), T0);
    live.subscribe('c1', SUBSCRIBE, T0);
    expect(live.nextFrame('c1', T0 + 250)).toBeNull();
    const heartbeat = decode(live.nextFrame('c1', T0 + HEARTBEAT_EVERY_MS));
    expect(heartbeat.snapshot).toBe(false);
    expect(heartbeat.trucks!.truckIds).toEqual([]);
    expect(heartbeat.removedTruckIds).toEqual([]);
  });

  it('reports removed trucks in the next delta', () => {
    const { state, live } = setup();
    state.applyTruckReading(reading('T-1', 1), T0);
    state.applyTruckReading(reading('T-2', 1), T0 + 30_000);
    live.subscribe('c1', SUBSCRIBE, T0);
    state.removeStale(T0 + 61_000);
    const delta = decode(live.nextFrame('c1', T0 + 61_000));
    expect(delta.removedTruckIds).toEqual(['T-1']);
    expect(delta.trucks!.truckIds).toEqual([]);
  });

  it('keeps each client at its own version (a skipped client catches up in one frame)', () => {
    const { state, live } = setup();
    live.subscribe('fast', SUBSCRIBE, T0);
    live.subscribe('slow', SUBSCRIBE, T0);
    state.applyTruckReading(reading('T-1', 1), T0);
    expect(decode(live.nextFrame('fast', T0 + 250)).trucks!.truckIds).toEqual(['T-1']);
    // "slow" is skipped this tick (busy socket): no call for it.
    state.applyTruckReading(reading('T-2', 1), T0 + 300);
    state.applyTruckReading(reading('T-1', 2), T0 + 400);
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
        live.subscribe('c1', request, T0);
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
    state.applyTruckReading(reading('T-1', 1), T0);
    fleet.applyBikeEvent(bikeEvent('B-1', 1), T0);
    fleet.applyBoatReading(boatReading('W-1', 1), T0);
    fleet.applyCorridorObservation(corridorObservation('C-1', 1), T0);

    const { layers, frame } = live.subscribe('c1', { layers: ['bikes', 'boats', 'corridors'] }, T0);
    expect(layers).toEqual(['bikes', 'boats', 'corridors']);
    const snapshot = decode(frame);
    expect(snapshot.snapshot).toBe(true);
    expect(snapshot.trucks).toBeUndefined();
    expect(snapshot.bikes!.bikeIds).toEqual(['B-1']);
    expect(snapshot.boats!.boatIds).toEqual(['W-1']);
    expect(snapshot.corridors!.corridorIds).toEqual(['C-1']);

    // A truck moving is not this client's business.
    state.applyTruckReading(reading('T-1', 2), T0 + 100);
    expect(live.nextFrame('c1', T0 + 200)).toBeNull();

    fleet.applyBoatReading(boatReading('W-1', 2, { debrisKg: 99 }), T0 + 300);
    fleet.applyBikeEvent(bikeEvent('B-2', 1), T0 + 50_000);
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
    live.subscribe('c1', SUBSCRIBE, T0);
    expect(live.subscriberCount).toBe(1);
    live.forget('c1');
    expect(live.subscriberCount).toBe(0);
    expect(live.nextFrame('c1', T0 + 5_000)).toBeNull();
  });
});
