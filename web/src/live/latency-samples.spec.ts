import { describe, expect, it } from 'vitest';
import { LatencySamples } from './latency-samples';

describe('LatencySamples', () => {
  it('keeps only the newest samples, oldest first', () => {
    const samples = new LatencySamples(3);
    for (const ms of [1, 2, 3, 4, 5]) samples.push(ms);
    expect(samples.size).toBe(3);
    expect(samples.values()).toEqual([3, 4, 5]);
  });

  it('computes nearest-rank percentiles', () => {
    const samples = new LatencySamples(100);
    expect(samples.percentile(99)).toBeNull();
    for (let ms = 100; ms >= 1; ms--) samples.push(ms);
    expect(samples.percentile(50)).toBe(50);
    expect(samples.percentile(99)).toBe(99);
    expect(samples.percentile(100)).toBe(100);
  });
});
