import { describe, expect, it } from 'vitest';
import { LiveStateStore, type LiveChanges } from './live-state-store';

const T0 = Date.UTC(2025, 5, 1, 8, 0, 0);

// A minimal entity: the store is generic, so its spec needs no fleet message.
interface Dot {
  id: string;
  seq: number;
  lon: number;
}

const newer =
  (dot: Dot) =>
  (held: Dot | undefined): Dot | null =>
    held && held.seq >= dot.seq ? null : dot;

function put(store: LiveStateStore<Dot>, id: string, seq: number, receivedAtMs: number, lon = 105 + seq / 1000): boolean {
  return store.upsert(id, receivedAtMs, newer({ id, seq, lon }));
}

const ids = (changes: LiveChanges<Dot>) => changes.entries.map((d) => d.id).sort();

describe('LiveStateStore', () => {
  it('keeps only the newest entry per key (coalescing)', () => {
    const store = new LiveStateStore<Dot>({ staleAfterMs: 60_000, maxEntries: 10 });
    put(store, 'A', 1, T0);
    put(store, 'A', 2, T0 + 1);
    put(store, 'A', 3, T0 + 2, 105.3);
    const changes = store.changesSince(0);
    expect(changes.entries).toEqual([{ id: 'A', seq: 3, lon: 105.3 }]);
    expect(store.get('A')?.seq).toBe(3);
  });

  it('changes nothing, not even the version, when the layer refuses an update', () => {
    const store = new LiveStateStore<Dot>({ staleAfterMs: 60_000, maxEntries: 10 });
    put(store, 'A', 5, T0);
    const version = store.version;
    expect(put(store, 'A', 5, T0 + 1)).toBe(false);
    expect(put(store, 'A', 4, T0 + 1)).toBe(false);
    expect(store.version).toBe(version);
    expect(store.get('A')?.seq).toBe(5);
  });

  it('hands the held entry to the update, so a layer can merge into it', () => {
    const store = new LiveStateStore<{ id: string; count: number }>({ staleAfterMs: 60_000, maxEntries: 10 });
    for (let i = 0; i < 3; i++) store.upsert('C', T0, (held) => ({ id: 'C', count: (held?.count ?? 0) + 1 }));
    expect(store.get('C')).toEqual({ id: 'C', count: 3 });
  });

  it('returns only the entries changed since a version, and a snapshot holds all', () => {
    const store = new LiveStateStore<Dot>({ staleAfterMs: 60_000, maxEntries: 10 });
    put(store, 'A', 1, T0);
    put(store, 'B', 1, T0);
    put(store, 'C', 1, T0);
    const seen = store.version;
    put(store, 'B', 2, T0 + 1000);
    put(store, 'B', 3, T0 + 1000);
    put(store, 'C', 2, T0 + 1000);

    const changes = store.changesSince(seen);
    expect(changes.snapshot).toBe(false);
    expect(ids(changes)).toEqual(['B', 'C']);
    expect(changes.entries.find((d) => d.id === 'B')!.seq).toBe(3);
    expect(changes.version).toBe(store.version);
    expect(store.changesSince(changes.version)).toEqual({ snapshot: false, entries: [], removedIds: [], version: store.version });
    const snapshot = store.snapshot();
    expect(snapshot.snapshot).toBe(true);
    expect(ids(snapshot)).toEqual(['A', 'B', 'C']);
  });

  it('removes keys silent for longer than staleAfterMs, measured from the last update, and reports them in deltas', () => {
    const store = new LiveStateStore<Dot>({ staleAfterMs: 120_000, maxEntries: 10 });
    put(store, 'old', 1, T0);
    put(store, 'refreshed', 1, T0);
    put(store, 'new', 1, T0 + 100_000);
    put(store, 'refreshed', 2, T0 + 110_000);
    const seen = store.version;

    expect(store.removeStale(T0 + 120_000)).toEqual(['old']);
    expect(store.removeStale(T0 + 120_000)).toEqual([]);
    expect(store.size).toBe(2);

    const changes = store.changesSince(seen);
    expect(changes.entries).toEqual([]);
    expect(changes.removedIds).toEqual(['old']);
    // A client already past the removal is not told again.
    expect(store.changesSince(changes.version).removedIds).toEqual([]);
    expect(ids(store.snapshot())).toEqual(['new', 'refreshed']);
  });

  it('reports a key that came back after removal as changed, not removed', () => {
    const store = new LiveStateStore<Dot>({ staleAfterMs: 1_000, maxEntries: 10 });
    put(store, 'A', 1, T0);
    const seen = store.version;
    store.removeStale(T0 + 5_000);
    put(store, 'A', 9, T0 + 6_000);
    const changes = store.changesSince(seen);
    expect(changes.removedIds).toEqual([]);
    expect(ids(changes)).toEqual(['A']);
  });

  it('holds at most maxEntries, evicting the key heard from longest ago', () => {
    const store = new LiveStateStore<Dot>({ staleAfterMs: 600_000, maxEntries: 3 });
    put(store, 'A', 1, T0);
    put(store, 'B', 1, T0 + 1);
    put(store, 'C', 1, T0 + 2);
    put(store, 'A', 2, T0 + 3); // A is now the freshest
    const seen = store.version;
    put(store, 'D', 1, T0 + 4);

    expect(store.size).toBe(3);
    expect(store.evictedCount).toBe(1);
    expect(ids(store.snapshot())).toEqual(['A', 'C', 'D']);
    const changes = store.changesSince(seen);
    expect(changes.removedIds).toEqual(['B']);
    expect(ids(changes)).toEqual(['D']);
  });

  it('keeps its removal log bounded and resyncs a client that fell behind it with a snapshot', () => {
    const store = new LiveStateStore<Dot>({ staleAfterMs: 1_000, maxEntries: 2 });
    put(store, 'keep', 1, T0 + 10_000);
    const farBehind = store.version;
    for (let i = 0; i < 5; i++) put(store, `gone-${i}`, 1, T0);
    // "keep" was evicted by the cap meanwhile; refresh it.
    put(store, 'keep', 2, T0 + 10_000);
    store.removeStale(T0 + 5_000);

    const changes = store.changesSince(farBehind);
    expect(changes.snapshot).toBe(true);
    expect(ids(changes)).toEqual(['keep']);

    // A client that is only slightly behind still gets a delta.
    const recent = store.version;
    put(store, 'new', 1, T0 + 10_000);
    expect(store.changesSince(recent).snapshot).toBe(false);
  });

  it('stays bounded under a long stream of short-lived keys', () => {
    const store = new LiveStateStore<Dot>({ staleAfterMs: 1_000, maxEntries: 50 });
    for (let i = 0; i < 20_000; i++) {
      put(store, `K-${i}`, 1, T0 + i * 100);
      store.removeStale(T0 + i * 100);
    }
    expect(store.size).toBeLessThanOrEqual(50);
    const internals = store as unknown as { tombstoneIds: string[]; tombstoneHead: number };
    expect(internals.tombstoneIds.length - internals.tombstoneHead).toBeLessThanOrEqual(50);
    expect(internals.tombstoneIds.length).toBeLessThanOrEqual(2 * 1024 + 100);
  });

  it('answers a version from the future (another instance) with a snapshot', () => {
    const store = new LiveStateStore<Dot>({ staleAfterMs: 1_000, maxEntries: 10 });
    put(store, 'A', 1, T0);
    expect(store.changesSince(store.version + 100).snapshot).toBe(true);
  });

  it('shares one version between the tables of a layer, so one number dates what a client holds of each', () => {
    const version = { value: 0 };
    const first = new LiveStateStore<Dot>({ staleAfterMs: 1_000, maxEntries: 10 }, { version });
    const second = new LiveStateStore<Dot>({ staleAfterMs: 60_000, maxEntries: 10 }, { version });
    put(first, 'A', 1, T0);
    const seen = second.version;
    expect(seen).toBe(first.version);
    put(second, 'X', 1, T0);
    expect(first.version).toBe(seen + 1);
    // Nothing of the first table changed since: an empty delta, not a snapshot.
    expect(first.changesSince(seen)).toEqual({ snapshot: false, entries: [], removedIds: [], version: seen + 1 });
    expect(ids(second.changesSince(seen))).toEqual(['X']);
    first.removeStale(T0 + 2_000);
    expect(second.changesSince(seen)).toMatchObject({ snapshot: false, removedIds: [], version: first.version });
    expect(first.changesSince(seen).removedIds).toEqual(['A']);
  });

  it('reports an entry that ended as removed, but holds it on so a late message cannot bring it back', () => {
    // A Dot whose lon is 0 has ended (think of a closed call).
    const store = new LiveStateStore<Dot>({ staleAfterMs: 60_000, maxEntries: 10 }, { hasEnded: (dot) => dot.lon === 0 });
    put(store, 'A', 1, T0);
    put(store, 'B', 1, T0);
    const seen = store.version;
    put(store, 'A', 3, T0 + 1, 0);

    const changes = store.changesSince(seen);
    expect(changes.entries).toEqual([]);
    expect(changes.removedIds).toEqual(['A']);
    expect(ids(store.snapshot())).toEqual(['B']);
    // Held on: an older message (seq 2, delivered late) is judged against it and refused.
    expect(put(store, 'A', 2, T0 + 2)).toBe(false);
    expect(store.get('A')).toEqual({ id: 'A', seq: 3, lon: 0 });
    expect(store.changesSince(changes.version)).toEqual({ snapshot: false, entries: [], removedIds: [], version: changes.version });

    // Forgotten once stale, without a second removal for clients that were told already.
    put(store, 'B', 2, T0 + 50_000);
    const told = store.version;
    expect(store.removeStale(T0 + 60_001)).toEqual(['A']);
    expect(store.version).toBe(told);
    expect(store.changesSince(seen).removedIds).toEqual(['A']);
    expect(store.get('A')).toBeUndefined();
  });

  it('shows an ended entry again when a newer message says it is not over', () => {
    const store = new LiveStateStore<Dot>({ staleAfterMs: 60_000, maxEntries: 10 }, { hasEnded: (dot) => dot.lon === 0 });
    put(store, 'A', 1, T0);
    const seen = store.version;
    put(store, 'A', 2, T0 + 1, 0);
    put(store, 'A', 3, T0 + 2, 105.5);
    const changes = store.changesSince(seen);
    expect(changes.removedIds).toEqual([]);
    expect(changes.entries).toEqual([{ id: 'A', seq: 3, lon: 105.5 }]);
  });

  it('refuses options that would hold nothing or never age out', () => {
    expect(() => new LiveStateStore({ staleAfterMs: 1_000, maxEntries: 0 })).toThrow(/maxEntries/);
    expect(() => new LiveStateStore({ staleAfterMs: 0, maxEntries: 1 })).toThrow(/staleAfterMs/);
  });
});
