import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { TaskState, TruckKind, TruckReadingSchema, type TruckReading } from '@urban-brain/proto';
import { TruckLiveState } from './truck-live-state';

const T0 = Date.UTC(2025, 5, 1, 8, 0, 0);

function reading(truckId: string, seq: number, overrides: Partial<Omit<TruckReading, 'recordedAtMs' | '$typeName' | '$unknown'>> & { at?: number } = {}): TruckReading {
  const { at, ...rest } = overrides;
  return create(TruckReadingSchema, {
    truckId,
    seq,
    recordedAtMs: BigInt(at ?? T0 + seq * 1000),
    lon: 105.05 + seq / 10_000,
    lat: 29.58,
    speedKmh: 20,
    headingDeg: 90,
    loadKg: 1000,
    taskState: TaskState.COLLECTING,
    kind: TruckKind.COMPACTOR,
    ...rest,
  });
}

const ids = (changes: { trucks: { truckId: string }[] }) => changes.trucks.map((t) => t.truckId).sort();

describe('TruckLiveState', () => {
  it('keeps only the newest reading of each truck (coalescing)', () => {
    const state = new TruckLiveState({ staleAfterMs: 60_000, maxTrucks: 10 });
    state.apply(reading('T-1', 1), T0);
    state.apply(reading('T-1', 2, { lon: 105.1 }), T0 + 1);
    state.apply(reading('T-1', 3, { lon: 105.2, taskState: TaskState.UNLOADING }), T0 + 2);

    const changes = state.changesSince(0);
    expect(changes.trucks).toHaveLength(1);
    expect(changes.trucks[0]).toMatchObject({ truckId: 'T-1', seq: 3, lon: 105.2, taskState: TaskState.UNLOADING, receivedAtMs: T0 + 2 });
    expect(changes.trucks[0]!.recordedAtMs).toBe(T0 + 3000);
  });

  it('ignores duplicate and out-of-order readings', () => {
    const state = new TruckLiveState({ staleAfterMs: 60_000, maxTrucks: 10 });
    expect(state.apply(reading('T-1', 5, { lon: 105.5 }), T0)).toBe(true);
    const version = state.version;
    expect(state.apply(reading('T-1', 5, { lon: 105.9 }), T0)).toBe(false);
    expect(state.apply(reading('T-1', 4, { lon: 105.4 }), T0)).toBe(false);
    expect(state.version).toBe(version);
    expect(state.snapshot().trucks[0]!.lon).toBe(105.5);
    // A restarted device (seq back to 1) with a newer fix is accepted.
    expect(state.apply(reading('T-1', 1, { at: T0 + 60_000, lon: 105.6 }), T0)).toBe(true);
    expect(state.snapshot().trucks[0]!.lon).toBe(105.6);
  });

  it('returns only the trucks changed since a version', () => {
    const state = new TruckLiveState({ staleAfterMs: 60_000, maxTrucks: 10 });
    state.apply(reading('T-1', 1), T0);
    state.apply(reading('T-2', 1), T0);
    state.apply(reading('T-3', 1), T0);
    const seen = state.version;
    state.apply(reading('T-2', 2), T0 + 1000);
    state.apply(reading('T-2', 3), T0 + 1000);
    state.apply(reading('T-3', 2), T0 + 1000);

    const changes = state.changesSince(seen);
    expect(changes.snapshot).toBe(false);
    expect(ids(changes)).toEqual(['T-2', 'T-3']);
    expect(changes.trucks.find((t) => t.truckId === 'T-2')!.seq).toBe(3);
    expect(changes.version).toBe(state.version);
    expect(state.changesSince(changes.version)).toEqual({ snapshot: false, trucks: [], removedTruckIds: [], version: state.version });
  });

  it('a snapshot holds every truck', () => {
    const state = new TruckLiveState({ staleAfterMs: 60_000, maxTrucks: 10 });
    state.apply(reading('T-1', 1), T0);
    state.apply(reading('T-2', 1), T0);
    state.apply(reading('T-1', 2), T0);
    const snapshot = state.snapshot();
    expect(snapshot.snapshot).toBe(true);
    expect(ids(snapshot)).toEqual(['T-1', 'T-2']);
    expect(snapshot.version).toBe(3);
  });

  it('removes trucks silent for longer than staleAfterMs and reports them in deltas', () => {
    const state = new TruckLiveState({ staleAfterMs: 120_000, maxTrucks: 10 });
    state.apply(reading('T-old', 1), T0);
    state.apply(reading('T-new', 1), T0 + 100_000);
    const seen = state.version;

    expect(state.removeStale(T0 + 120_000)).toEqual(['T-old']);
    expect(state.removeStale(T0 + 120_000)).toEqual([]);
    expect(state.size).toBe(1);

    const changes = state.changesSince(seen);
    expect(changes.trucks).toEqual([]);
    expect(changes.removedTruckIds).toEqual(['T-old']);
    // A client already past the removal is not told again.
    expect(state.changesSince(changes.version).removedTruckIds).toEqual([]);
    expect(ids(state.snapshot())).toEqual(['T-new']);
  });

  it('measures silence from the last reading, not the first', () => {
    const state = new TruckLiveState({ staleAfterMs: 120_000, maxTrucks: 10 });
    state.apply(reading('T-1', 1), T0);
    state.apply(reading('T-2', 1), T0 + 10_000);
    state.apply(reading('T-1', 2), T0 + 110_000);
    expect(state.removeStale(T0 + 200_000)).toEqual(['T-2']);
    expect(ids(state.snapshot())).toEqual(['T-1']);
  });

  it('reports a truck that came back after removal as changed, not removed', () => {
    const state = new TruckLiveState({ staleAfterMs: 1_000, maxTrucks: 10 });
    state.apply(reading('T-1', 1), T0);
    const seen = state.version;
    state.removeStale(T0 + 5_000);
    state.apply(reading('T-1', 9), T0 + 6_000);
    const changes = state.changesSince(seen);
    expect(changes.removedTruckIds).toEqual([]);
    expect(ids(changes)).toEqual(['T-1']);
  });

  it('holds at most maxTrucks, evicting the truck heard from longest ago', () => {
    const state = new TruckLiveState({ staleAfterMs: 600_000, maxTrucks: 3 });
    state.apply(reading('T-1', 1), T0);
    state.apply(reading('T-2', 1), T0 + 1);
    state.apply(reading('T-3', 1), T0 + 2);
    state.apply(reading('T-1', 2), T0 + 3); // T-1 is now the freshest
    const seen = state.version;
    state.apply(reading('T-4', 1), T0 + 4);

    expect(state.size).toBe(3);
    expect(state.evictedCount).toBe(1);
    expect(ids(state.snapshot())).toEqual(['T-1', 'T-3', 'T-4']);
    const changes = state.changesSince(seen);
    expect(changes.removedTruckIds).toEqual(['T-2']);
    expect(ids(changes)).toEqual(['T-4']);
  });

  it('keeps its removal log bounded and resyncs a client that fell behind it with a snapshot', () => {
    const state = new TruckLiveState({ staleAfterMs: 1_000, maxTrucks: 2 });
    state.apply(reading('T-keep', 1), T0 + 10_000);
    const farBehind = state.version;
    for (let i = 0; i < 5; i++) state.apply(reading(`T-gone-${i}`, 1), T0);
    // T-keep was evicted by the cap meanwhile; refresh it.
    state.apply(reading('T-keep', 2), T0 + 10_000);
    state.removeStale(T0 + 5_000);

    const changes = state.changesSince(farBehind);
    expect(changes.snapshot).toBe(true);
    expect(ids(changes)).toEqual(['T-keep']);

    // A client that is only slightly behind still gets a delta.
    const recent = state.version;
    state.apply(reading('T-new', 1), T0 + 10_000);
    expect(state.changesSince(recent).snapshot).toBe(false);
  });

  it('stays bounded under a long stream of short-lived trucks', () => {
    const state = new TruckLiveState({ staleAfterMs: 1_000, maxTrucks: 50 });
    for (let i = 0; i < 20_000; i++) {
      state.apply(reading(`T-${i}`, 1), T0 + i * 100);
      state.removeStale(T0 + i * 100);
    }
    expect(state.size).toBeLessThanOrEqual(50);
    const internals = state as unknown as { tombstoneIds: string[]; tombstoneHead: number };
    expect(internals.tombstoneIds.length - internals.tombstoneHead).toBeLessThanOrEqual(50);
    expect(internals.tombstoneIds.length).toBeLessThanOrEqual(2 * 1024 + 100);
  });

  it('answers a version from the future (another instance) with a snapshot', () => {
    const state = new TruckLiveState({ staleAfterMs: 1_000, maxTrucks: 10 });
    state.apply(reading('T-1', 1), T0);
    expect(state.changesSince(state.version + 100).snapshot).toBe(true);
  });
});
