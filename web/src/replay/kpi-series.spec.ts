import { describe, expect, it } from 'vitest';
import { openAlertsSeries, seriesFromBuckets, valueAt } from './kpi-series';
import { densityBars, timeOfX, xOfTime } from './scrubber-marks';

const T = Date.UTC(2025, 4, 1, 8);
const iso = (min: number) => new Date(T + min * 60_000).toISOString();

describe('the KPI strips', () => {
  it('reads a measure per minute, nulls for empty buckets, and sums debris along the window', () => {
    const buckets = [
      { t: iso(0), activeTrucks: 100, debrisCollectedKg: 5 },
      { t: iso(1), activeTrucks: null, debrisCollectedKg: 0 },
      { t: iso(2), activeTrucks: 98, debrisCollectedKg: 7 },
    ];
    expect(seriesFromBuckets(buckets, 'activeTrucks', false).map((p) => p[1])).toEqual([100, null, 98]);
    expect(seriesFromBuckets(buckets, 'debrisCollectedKg', true).map((p) => p[1])).toEqual([5, 5, 12]);
  });

  it('reads the buckets the roll-ups do not hold yet as unknown, not as zero', () => {
    const buckets = [
      { t: iso(0), activeTrucks: 120, debrisCollectedKg: 5 },
      { t: iso(1), activeTrucks: 0, debrisCollectedKg: 0 },
      { t: iso(2), activeTrucks: 0, debrisCollectedKg: 0 },
    ];
    const rolledUpTo = T + 60_000;
    const trucks = seriesFromBuckets(buckets, 'activeTrucks', false, rolledUpTo);
    expect(trucks.map((p) => p[1])).toEqual([120, null, null]);
    expect(valueAt(trucks, T + 90_000)).toBeNull();
    expect(seriesFromBuckets(buckets, 'debrisCollectedKg', true, rolledUpTo).map((p) => p[1])).toEqual([5, null, null]);
    // Nothing rolled up at all.
    expect(seriesFromBuckets(buckets, 'activeTrucks', false, null).map((p) => p[1])).toEqual([null, null, null]);
  });

  it('counts the alerts open in each minute and reads the value under the cursor', () => {
    const alerts = [
      { raisedAt: iso(0.5), resolvedAt: iso(2.5) },
      { raisedAt: iso(2.2), resolvedAt: null },
    ];
    const points = openAlertsSeries(alerts, T, T + 5 * 60_000);
    expect(points.map((p) => p[1])).toEqual([1, 1, 2, 1, 1]);
    expect(valueAt(points, T + 2.5 * 60_000)).toBe(2);
    expect(valueAt(points, T - 1)).toBeNull();
  });
});

describe('the scrubber', () => {
  it('maps elapsed time to x and back, clamped to the window', () => {
    expect(xOfTime(T + 30 * 60_000, T, T + 3_600_000)).toBe(500);
    expect(timeOfX(250, T, T + 3_600_000)).toBe(T + 15 * 60_000);
    expect(timeOfX(2000, T, T + 3_600_000)).toBe(T + 3_600_000);
  });

  it('draws one bar per non-empty bucket, the busiest full height', () => {
    const bars = densityBars([0, 4, 16]);
    expect(bars.map((b) => b.height)).toEqual([0.5, 1]);
    expect(densityBars([0, 0])).toEqual([]);
  });
});
