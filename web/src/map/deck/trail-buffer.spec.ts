import { describe, expect, it } from 'vitest';
import { TrailBuffer } from './trail-buffer';

const white = (_row: number, out: Uint8Array, at: number) => out.set([255, 255, 255], at);

// Positions ~11 m apart along a parallel near Neijiang.
const lonAt = (step: number) => 105 + step * 0.0001;
const LAT = 29.58;

function feed(trails: TrailBuffer, ids: string[], step: number, timeMs: number) {
  trails.sync(
    ids,
    ids.map(() => lonAt(step)),
    ids.map(() => LAT),
    ids.map(() => timeMs),
    ids.length,
  );
}

describe('TrailBuffer', () => {
  it('keeps at most `capacity` points per entity, newest last in the path', () => {
    const trails = new TrailBuffer(4, 60_000);
    for (let s = 0; s < 10; s++) feed(trails, ['a'], s, 1000 * s);
    expect(trails.pointsOf('a')).toBe(4);
    const paths = trails.paths(['a'], 1, white);
    expect(paths.length).toBe(1);
    expect([...paths.startIndices]).toEqual([0, 4]);
    const lons = [0, 1, 2, 3].map((v) => paths.positions[v * 2]);
    expect(lons).toEqual([lonAt(6), lonAt(7), lonAt(8), lonAt(9)]);
  });

  it('fades toward the oldest point', () => {
    const trails = new TrailBuffer(8, 60_000);
    for (let s = 0; s < 4; s++) feed(trails, ['a'], s, 1000 * s);
    const { colors } = trails.paths(['a'], 1, white, 200);
    const alphas = [0, 1, 2, 3].map((v) => colors[v * 4 + 3]);
    expect(alphas).toEqual([50, 100, 150, 200]);
    expect(colors[0]).toBe(255);
  });

  it('drops points older than the window behind the newest fix', () => {
    const trails = new TrailBuffer(64, 10_000);
    for (let s = 0; s < 30; s++) feed(trails, ['a'], s, 1000 * s);
    const paths = trails.paths(['a'], 1, white);
    // 19 s .. 29 s: eleven points within ten seconds of the newest.
    expect(paths.startIndices[1]).toBe(11);
  });

  it('ignores a fix that is not newer, or that did not move', () => {
    const trails = new TrailBuffer(8, 60_000);
    feed(trails, ['a'], 0, 1000);
    feed(trails, ['a'], 1, 1000);
    feed(trails, ['a'], 0, 2000);
    expect(trails.pointsOf('a')).toBe(1);
  });

  it('starts a new trail after a jump (a GPS glitch draws no line across the city)', () => {
    const trails = new TrailBuffer(8, 60_000);
    feed(trails, ['a'], 0, 1000);
    feed(trails, ['a'], 1, 2000);
    feed(trails, ['a'], 500, 3000);
    expect(trails.pointsOf('a')).toBe(1);
  });

  it('frees the trail of an entity that left the table, and reuses its slot', () => {
    const trails = new TrailBuffer(8, 60_000);
    feed(trails, ['a', 'b'], 0, 1000);
    feed(trails, ['a', 'b'], 1, 2000);
    feed(trails, ['b'], 2, 3000);
    expect(trails.entities).toBe(1);
    expect(trails.pointsOf('a')).toBe(0);
    feed(trails, ['b', 'c'], 3, 4000);
    expect(trails.entities).toBe(2);
    expect(trails.pointsOf('c')).toBe(1);
  });

  it('maps each path to its table row, skipping entities with a single point', () => {
    const trails = new TrailBuffer(8, 60_000);
    feed(trails, ['a', 'b'], 0, 1000);
    trails.sync(['a', 'b'], [lonAt(1), lonAt(0)], [LAT, LAT], [2000, 2000], 2);
    const paths = trails.paths(['a', 'b'], 2, white);
    expect(paths.length).toBe(1);
    expect([...paths.rows]).toEqual([0]);
  });

  it('accepts one time for all rows (layers without a time column)', () => {
    const trails = new TrailBuffer(8, 60_000);
    for (let s = 0; s < 3; s++) trails.sync(['a'], [lonAt(s)], [LAT], 1000 * (s + 1), 1);
    expect(trails.pointsOf('a')).toBe(3);
  });
});
