import { getCurrentScope, onScopeDispose, shallowRef, type InjectionKey, type ShallowRef } from 'vue';
import { corridorsOfIntersectionsFrom, districtsFrom, namesFrom, type District, type PlaceName } from './city-places';
import { apiFetch } from '../auth/api-fetch';

export const DISTRICTS_URL = '/api/city/pack/layers/districts';
export const CORRIDOR_NAMES_URL = '/api/city/pack/layers/corridors';
export const SITE_NAMES_URL = '/api/city/pack/layers/sites';
export const INTERSECTIONS_URL = '/api/city/pack/layers/intersections';
// The api may start after the wall screen: keep asking until it answers.
const RETRY_EVERY_MS = 10_000;

export interface CityPlaces {
  districts: ShallowRef<readonly District[]>;
  corridorNames: ShallowRef<ReadonlyMap<string, PlaceName>>;
  /** Site id -> name: hospitals and ambulance stations (an ambulance's station, a call's hospital). */
  siteNames: ShallowRef<ReadonlyMap<string, PlaceName>>;
  /** Intersection id -> corridor id: the corridor a signal alert about one intersection opens. */
  corridorOfIntersection: ShallowRef<ReadonlyMap<string, string>>;
}

/** The pack's districts, corridor and site names, intersections' corridors, loaded once (they are static), retried until the api answers. */
export function useCityPlaces(fetchImpl: typeof fetch = apiFetch): CityPlaces {
  const districts = shallowRef<readonly District[]>([]);
  const corridorNames = shallowRef<ReadonlyMap<string, PlaceName>>(new Map());
  const siteNames = shallowRef<ReadonlyMap<string, PlaceName>>(new Map());
  const corridorOfIntersection = shallowRef<ReadonlyMap<string, string>>(new Map());
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let stopped = false;

  const load = async (url: string, accept: (body: unknown) => void) => {
    try {
      const response = await fetchImpl(url, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      const body: unknown = await response.json();
      if (!stopped) accept(body);
    } catch {
      if (stopped) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        void load(url, accept);
      }, RETRY_EVERY_MS);
      timers.add(timer);
    }
  };
  void load(DISTRICTS_URL, (body) => (districts.value = districtsFrom(body)));
  void load(CORRIDOR_NAMES_URL, (body) => (corridorNames.value = namesFrom(body)));
  void load(SITE_NAMES_URL, (body) => (siteNames.value = namesFrom(body)));
  void load(INTERSECTIONS_URL, (body) => (corridorOfIntersection.value = corridorsOfIntersectionsFrom(body)));

  if (getCurrentScope()) {
    onScopeDispose(() => {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
    });
  }
  return { districts, corridorNames, siteNames, corridorOfIntersection };
}

export const CITY_PLACES: InjectionKey<CityPlaces> = Symbol('city-places');
