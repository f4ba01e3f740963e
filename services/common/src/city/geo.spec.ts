import { describe, expect, it } from 'vitest';
import { bearingDeg, distanceM, Polyline } from './geo';

describe('geo', () => {
  it('measures a degree of latitude as about 111 km', () => {
    expect(distanceM([105, 29], [105, 30])).toBeCloseTo(111_195, -2);
  });

  it('gives compass bearings', () => {
    expect(bearingDeg([105, 29], [105, 30])).toBeCloseTo(0, 5);
    expect(bearingDeg([105, 29], [105.01, 29])).toBeCloseTo(90, 1);
    expect(bearingDeg([105, 29], [105, 28])).toBeCloseTo(180, 5);
  });

  it('walks a polyline by distance, clamped to its ends', () => {
    const line = new Polyline([[105, 29], [105, 29.01], [105.01, 29.01]]);
    expect(line.lengthM).toBeCloseTo(distanceM([105, 29], [105, 29.01]) + distanceM([105, 29.01], [105.01, 29.01]), 6);
    expect(line.at(-5).position).toEqual([105, 29]);
    expect(line.at(line.lengthM + 5).position).toEqual([105.01, 29.01]);
    const mid = line.at(distanceM([105, 29], [105, 29.01]) / 2);
    expect(mid.position[0]).toBeCloseTo(105, 9);
    expect(mid.position[1]).toBeCloseTo(29.005, 6);
    expect(mid.headingDeg).toBeCloseTo(0, 5);
  });
});
