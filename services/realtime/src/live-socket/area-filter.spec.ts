import { describe, expect, it } from 'vitest';
import { changesInArea } from './area-filter';

const BOUNDS = { west: 0, south: 0, east: 10, north: 10 };
const at = (id: string, lon: number, lat = 5) => ({ id, lon, lat });
const idOf = (entry: { id: string }) => entry.id;

describe('changesInArea', () => {
  it('keeps entities inside, removes held ones that left or were removed, and ignores ones never held', () => {
    const held = new Set<string>();
    const snapshot = changesInArea({ snapshot: true, entries: [at('in', 5), at('out', 20)], removedIds: [], version: 3 }, BOUNDS, held, idOf);
    expect(snapshot.entries.map(idOf)).toEqual(['in']);
    expect([...held]).toEqual(['in']);

    held.add('gone');
    const delta = changesInArea(
      { snapshot: false, entries: [at('in', 15), at('new', 9), at('elsewhere', -3)], removedIds: ['gone', 'never-held'], version: 7 },
      BOUNDS,
      held,
      idOf,
    );
    expect(delta).toEqual({ snapshot: false, entries: [at('new', 9)], removedIds: ['in', 'gone'], version: 7 });
    expect([...held]).toEqual(['new']);
  });

  it('a snapshot forgets what was held before', () => {
    const held = new Set(['old']);
    const snapshot = changesInArea({ snapshot: true, entries: [], removedIds: [], version: 1 }, BOUNDS, held, idOf);
    expect(snapshot.removedIds).toEqual([]);
    expect(held.size).toBe(0);
  });
});
