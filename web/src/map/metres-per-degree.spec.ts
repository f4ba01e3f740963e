import { describe, expect, it } from 'vitest';
import { distanceM, lonDegreeScale, METRES_PER_DEGREE_LAT } from './metres-per-degree';

describe('metres per degree', () => {
  it('measures a degree of latitude the same everywhere and shrinks longitude with the latitude', () => {
    expect(distanceM(105, 29.58, 105, 29.59)).toBeCloseTo(METRES_PER_DEGREE_LAT / 100, 6);
    expect(lonDegreeScale(0)).toBe(1);
    expect(lonDegreeScale(60)).toBeCloseTo(0.5, 12);
    expect(distanceM(105, 60, 105.01, 60)).toBeCloseTo(METRES_PER_DEGREE_LAT / 200, 6);
  });

  it('combines both directions into the straight line, the same either way round at one latitude', () => {
    const east = distanceM(105, 29.58, 105.003, 29.58);
    const north = distanceM(105, 29.58, 105, 29.584);
    expect(distanceM(105, 29.58, 105.003, 29.584)).toBeCloseTo(Math.hypot(east, north), 9);
    expect(distanceM(105.003, 29.58, 105, 29.58)).toBeCloseTo(east, 9);
  });
});
