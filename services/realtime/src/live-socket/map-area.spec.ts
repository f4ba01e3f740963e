import { describe, expect, it } from 'vitest';
import { LiveSocketErrorCode, LiveSocketException } from './live-socket.exception';
import { areaView, contains, withMargin } from './map-area';
import { parseMapArea } from './map-area.parser';

const AREA = { west: 105.0, south: 29.5, east: 105.1, north: 29.6, zoom: 13 };
const OPTIONS = { bikePointsMinZoom: 14, bikeCellZoomOffset: 3 };

describe('map area', () => {
  it('grows the area by half its size on each side', () => {
    const bounds = withMargin(AREA);
    expect(bounds.west).toBeCloseTo(104.95, 10);
    expect(bounds.east).toBeCloseTo(105.15, 10);
    expect(bounds.south).toBeCloseTo(29.45, 10);
    expect(bounds.north).toBeCloseTo(29.65, 10);
    expect(contains(bounds, 105.14, 29.46)).toBe(true);
    expect(contains(bounds, 105.16, 29.55)).toBe(false);
    expect(withMargin({ west: -180, south: -90, east: 180, north: 90, zoom: 0 })).toEqual({ west: -180, south: -90, east: 180, north: 90 });
  });

  it('picks cells below the points zoom and points from it on, with cells a few zoom levels finer', () => {
    expect(areaView(AREA, OPTIONS)).toMatchObject({ bikeView: 'cells', cellZoom: 16 });
    expect(areaView({ ...AREA, zoom: 13.9 }, OPTIONS)).toMatchObject({ bikeView: 'cells', cellZoom: 16 });
    expect(areaView({ ...AREA, zoom: 14 }, OPTIONS).bikeView).toBe('points');
    expect(areaView({ ...AREA, zoom: 21 }, OPTIONS).cellZoom).toBe(22);
  });

  it('refuses a bad area with INVALID_AREA naming the field', () => {
    const problem = (payload: unknown) => {
      try {
        parseMapArea(payload);
        return 'accepted';
      } catch (error) {
        expect(error).toBeInstanceOf(LiveSocketException);
        expect((error as LiveSocketException).code).toBe(LiveSocketErrorCode.INVALID_AREA);
        return (error as Error).message;
      }
    };
    expect(problem(AREA)).toBe('accepted');
    expect(problem({ ...AREA, west: 105.2 })).toMatch(/area\.west: west must be less than east/);
    expect(problem({ ...AREA, north: 29.4 })).toMatch(/area\.south/);
    expect(problem({ ...AREA, zoom: 30 })).toMatch(/area\.zoom/);
    expect(problem({ ...AREA, lat: 1 })).toMatch(/Unrecognized key/);
    expect(problem({ ...AREA, east: '105.1' })).toMatch(/area\.east: Expected number/);
    expect(problem(null)).toMatch(/expects \{ west/);
  });
});
