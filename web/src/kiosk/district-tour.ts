import type { District } from '../dashboard/city-places';

export type Bounds = [number, number, number, number];

export interface TourStop {
  /** District id, or 'city' for the whole city. */
  id: string;
  name: { en: string; zh: string };
  bounds: Bounds;
}

export const CITY_STOP_ID = 'city';

/** West, south, east, north around every district: the whole city. */
export function unionBounds(all: readonly Bounds[]): Bounds | null {
  if (all.length === 0) return null;
  return all.reduce<Bounds>(
    ([w, s, e, n], [w2, s2, e2, n2]) => [Math.min(w, w2), Math.min(s, s2), Math.max(e, e2), Math.max(n, n2)],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
}

/**
 * The tour: each district in the pack's order, then the whole city, round and
 * round. Empty until the districts are known (nothing to tour yet).
 */
export function tourStops(districts: readonly District[], cityName: { en: string; zh: string }): TourStop[] {
  const city = unionBounds(districts.map((d) => d.bounds));
  if (!city) return [];
  return [...districts.map((d) => ({ id: d.id, name: { en: d.name, zh: d.nameZh }, bounds: d.bounds })), { id: CITY_STOP_ID, name: cityName, bounds: city }];
}

/** The stop after `index` (-1 before the first). */
export const nextStopIndex = (index: number, count: number): number => (count === 0 ? -1 : (index + 1) % count);
