import { describe, expect, it } from 'vitest';
import { representativePoint, ringCentre } from './representative-point';

describe('representative point', () => {
  it("is a point's own place, a line's middle vertex and a ring's centre (its closing point counted once)", () => {
    expect(representativePoint({ type: 'Point', coordinates: [105.05, 29.58] })).toEqual([105.05, 29.58]);
    expect(representativePoint({ type: 'LineString', coordinates: [[0, 0], [1, 0], [2, 1]] })).toEqual([1, 0]);
    const ring: [number, number][] = [[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]];
    expect(representativePoint({ type: 'Polygon', coordinates: [ring] })).toEqual([2, 1]);
    expect(ringCentre(ring)).toEqual([2, 1]);
  });
});
