import { describe, expect, it } from 'vitest';
import { SeededRandom, deriveSeed } from './seeded-random';

const draw = (random: SeededRandom, n: number) => Array.from({ length: n }, () => random.next());

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draw(new SeededRandom(42), 100)).toEqual(draw(new SeededRandom(42), 100));
  });

  it('gives a different sequence for another seed', () => {
    expect(draw(new SeededRandom(42), 10)).not.toEqual(draw(new SeededRandom(43), 10));
  });

  it('stays in [0, 1) and spreads over the interval', () => {
    const values = draw(new SeededRandom(7), 10_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.47);
    expect(mean).toBeLessThan(0.53);
    // Every tenth of the interval is hit roughly equally often.
    const buckets = new Array(10).fill(0);
    for (const v of values) buckets[Math.floor(v * 10)]++;
    for (const count of buckets) expect(count).toBeGreaterThan(850);
  });

  it('draws between bounds', () => {
    const random = new SeededRandom(1);
    for (let i = 0; i < 1000; i++) {
      const v = random.between(10, 40);
      expect(v).toBeGreaterThanOrEqual(10);
      expect(v).toBeLessThan(40);
    }
  });
});

describe('deriveSeed', () => {
  it('is a pure function of seed and index', () => {
    expect(deriveSeed(42, 3)).toBe(deriveSeed(42, 3));
  });

  it('gives distinct 32-bit seeds per index and per run seed', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => deriveSeed(42, i)));
    expect(seeds.size).toBe(1000);
    expect(deriveSeed(42, 0)).not.toBe(deriveSeed(43, 0));
    for (const s of seeds) expect(s).toBe(s >>> 0);
  });
});
