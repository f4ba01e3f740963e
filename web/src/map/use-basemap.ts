import { getCurrentScope, onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import { apiFetch } from '../auth/api-fetch';

// 'street' is the minor street grid under the named roads: drawn thin, never labelled. 'restricted' is a
// zone the alert rules guard (a school gate, a hospital's emergency approach): outlined, never labelled.
export type BasemapLayerKind = 'district' | 'river' | 'lake' | 'road' | 'street' | 'site' | 'restricted';

export interface BasemapFeature {
  type: 'Feature';
  id: string;
  properties: { layer: BasemapLayerKind; name: string; nameZh: string; roadClass?: string; kind?: string };
  geometry:
    | { type: 'Polygon'; coordinates: [number, number][][] }
    | { type: 'LineString'; coordinates: [number, number][] }
    | { type: 'Point'; coordinates: [number, number] };
}

export interface Basemap {
  type: 'FeatureCollection';
  center: [number, number];
  features: BasemapFeature[];
}

export const BASEMAP_URL = '/api/city/basemap';
// The api may start after the wall screen: keep asking until it answers.
const RETRY_EVERY_MS = 10_000;

/** The city pack's base geometry; `error` holds the last failure while retrying. */
export function useBasemap(fetchImpl: typeof fetch = apiFetch): { basemap: ShallowRef<Basemap | null>; error: ShallowRef<string | null> } {
  const basemap = shallowRef<Basemap | null>(null);
  const error = shallowRef<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const load = async () => {
    try {
      const response = await fetchImpl(BASEMAP_URL, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`${BASEMAP_URL} answered ${response.status}`);
      const body = (await response.json()) as Basemap;
      if (body?.type !== 'FeatureCollection' || !Array.isArray(body.features)) throw new Error(`${BASEMAP_URL} is not a FeatureCollection`);
      if (stopped) return;
      basemap.value = body;
      error.value = null;
    } catch (failure) {
      if (stopped) return;
      error.value = (failure as Error).message;
      timer = setTimeout(load, RETRY_EVERY_MS);
    }
  };
  void load();

  if (getCurrentScope()) {
    onScopeDispose(() => {
      stopped = true;
      clearTimeout(timer);
    });
  }
  return { basemap, error };
}

/** West, south, east, north of the basemap's features of the given kinds (all by default). */
export function basemapBounds(basemap: Basemap, kinds?: BasemapLayerKind[]): [number, number, number, number] | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const visit = ([lon, lat]: [number, number]) => {
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  };
  for (const { geometry, properties } of basemap.features) {
    if (kinds && !kinds.includes(properties.layer)) continue;
    if (geometry.type === 'Point') visit(geometry.coordinates);
    else if (geometry.type === 'LineString') geometry.coordinates.forEach(visit);
    else geometry.coordinates.forEach((ring) => ring.forEach(visit));
  }
  return Number.isFinite(west) ? [west, south, east, north] : null;
}
