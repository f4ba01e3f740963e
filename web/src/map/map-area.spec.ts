import { describe, expect, it } from 'vitest';
import { mapAreaOf, sameArea } from './map-area';

describe('mapAreaOf', () => {
  it('rounds the view so tiny drifts give the same area', () => {
    const a = mapAreaOf({ west: 104.98012, south: 29.52004, east: 105.15031, north: 29.64046 }, 12.7312);
    const b = mapAreaOf({ west: 104.98014, south: 29.52001, east: 105.15029, north: 29.64049 }, 12.7288);
    expect(sameArea(a, b)).toBe(true);
    expect(a.zoom).toBeCloseTo(12.73, 6);
  });

  it('clamps to the world the gateway accepts', () => {
    const area = mapAreaOf({ west: -200, south: -89, east: 190, north: 89 }, 0.5);
    expect([area.west, area.south, area.east, area.north]).toEqual([-180, -85, 180, 85]);
  });

  it('tells a real move apart', () => {
    const a = mapAreaOf({ west: 105, south: 29.5, east: 105.1, north: 29.6 }, 13);
    expect(sameArea(a, mapAreaOf({ west: 105.01, south: 29.5, east: 105.11, north: 29.6 }, 13))).toBe(false);
    expect(sameArea(null, a)).toBe(false);
  });
});
