import { effectScope, nextTick, shallowRef } from 'vue';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { District } from '../dashboard/city-places';
import { nextStopIndex, tourStops, unionBounds, type TourStop } from './district-tour';
import { useDistrictTour } from './use-district-tour';

const district = (id: string, bounds: [number, number, number, number]): District => ({ id, name: id, nameZh: `${id}区`, ring: [], bounds });
const DISTRICTS = [district('shizhong', [104.9, 29.5, 105.05, 29.65]), district('dongxing', [105.05, 29.5, 105.2, 29.7])];
const CITY = { en: 'Whole city', zh: '全市' };

describe('the district tour', () => {
  it('visits each district, then the whole city, round and round', () => {
    const stops = tourStops(DISTRICTS, CITY);
    expect(stops.map((s) => s.id)).toEqual(['shizhong', 'dongxing', 'city']);
    expect(stops[2]!.bounds).toEqual([104.9, 29.5, 105.2, 29.7]);
    expect(stops[0]!.name).toEqual({ en: 'shizhong', zh: 'shizhong区' });
    expect([nextStopIndex(-1, 3), nextStopIndex(0, 3), nextStopIndex(2, 3)]).toEqual([0, 1, 0]);
    expect(tourStops([], CITY)).toEqual([]);
    expect(unionBounds([])).toBeNull();
  });
});

describe('useDistrictTour', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function fakeMap() {
    const flights: [number, number, number, number][] = [];
    const jumps: [number, number, number, number][] = [];
    let onMoveEnd: (() => void) | null = null;
    const resizeListeners = new Set<() => void>();
    const map = {
      fitBounds(bounds: [number, number, number, number], options: { duration: number }) {
        if (options.duration === 0) return jumps.push(bounds);
        flights.push(bounds);
        setTimeout(() => onMoveEnd?.(), 4_000);
      },
      once(_event: string, listener: () => void) {
        onMoveEnd = listener;
      },
      on: (_event: 'resize', listener: () => void) => resizeListeners.add(listener),
      off: (_event: 'resize', listener: () => void) => resizeListeners.delete(listener),
      getCenter: () => ({ lng: 105, lat: 29.6 }),
    };
    const resize = () => resizeListeners.forEach((listener) => listener());
    return { map: shallowRef(map as unknown as MaplibreMap), flights, jumps, resize, resizeListeners };
  }

  it('flies to each stop in turn, pauses when someone touches the wall and resumes with the whole city', async () => {
    const { map, flights } = fakeMap();
    const target = new EventTarget();
    const enabled = shallowRef(true);
    const seen: (string | null)[] = [];
    const paused: boolean[] = [];
    const arrived: [number, number][] = [];
    const scope = effectScope();
    scope.run(() =>
      useDistrictTour(map, () => tourStops(DISTRICTS, CITY), {
        seconds: () => 20,
        enabled: () => enabled.value,
        padding: () => ({ top: 100, right: 400, bottom: 40, left: 40 }),
        onStop: (stop: TourStop | null) => seen.push(stop?.id ?? null),
        onArrived: (center) => arrived.push(center),
        onPaused: (p) => paused.push(p),
        resumeAfterMs: 60_000,
        target,
      }),
    );
    // The city is in view at first: the first flight waits one stop's time.
    await vi.advanceTimersByTimeAsync(19_000);
    expect(flights).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(flights).toEqual([DISTRICTS[0]!.bounds]);
    await vi.advanceTimersByTimeAsync(24_000);
    expect(flights.length).toBe(2);
    expect(arrived.length).toBeGreaterThan(0);

    // K toggles kiosk mode and is not an interruption; a press is.
    target.dispatchEvent(Object.assign(new Event('keydown'), { key: 'k' }));
    expect(paused.at(-1)).toBe(false);
    target.dispatchEvent(new Event('pointerdown'));
    expect(paused.at(-1)).toBe(true);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(flights.length).toBe(2);
    // Resumes a minute after the last touch, heading for the whole city first.
    await vi.advanceTimersByTimeAsync(1_000 + 20_000);
    expect(paused.at(-1)).toBe(false);
    expect(flights.at(-1)).toEqual([104.9, 29.5, 105.2, 29.7]);

    enabled.value = false;
    await nextTick();
    const count = flights.length;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(flights.length).toBe(count);
    expect(seen.at(-1)).toBeNull();
    scope.stop();
  });

  it('frames the stop again at once when the screen changes size, unless someone has the wall or the tour is off', async () => {
    const { map, flights, jumps, resize, resizeListeners } = fakeMap();
    const target = new EventTarget();
    const enabled = shallowRef(true);
    const scope = effectScope();
    scope.run(() =>
      useDistrictTour(map, () => tourStops(DISTRICTS, CITY), {
        seconds: () => 20,
        enabled: () => enabled.value,
        padding: () => ({ top: 100, right: 400, bottom: 40, left: 40 }),
        onStop: () => {},
        onArrived: () => {},
        onPaused: () => {},
        resumeAfterMs: 60_000,
        target,
      }),
    );
    // Before the first stop the base map's own fit stands.
    resize();
    expect(jumps).toEqual([]);
    await vi.advanceTimersByTimeAsync(21_000);
    expect(flights).toEqual([DISTRICTS[0]!.bounds]);
    // Mid-flight and at the stop: the same district, framed for the new size, no flight.
    resize();
    expect(jumps).toEqual([DISTRICTS[0]!.bounds]);
    await vi.advanceTimersByTimeAsync(5_000);
    resize();
    expect(jumps).toEqual([DISTRICTS[0]!.bounds, DISTRICTS[0]!.bounds]);
    // Someone at the wall: the map stays where they put it.
    target.dispatchEvent(new Event('pointerdown'));
    resize();
    expect(jumps.length).toBe(2);
    enabled.value = false;
    await nextTick();
    resize();
    expect(jumps.length).toBe(2);
    scope.stop();
    expect(resizeListeners.size).toBe(0);
  });
});
