import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CITY_PACK_FORMAT, CITY_PACK_FORMAT_VERSION } from '../format/city-pack-format';
import type { CityPackLayers, Position, RoadFeature } from '../format/city-pack-layers.schema';
import type { CityPackManifest } from '../format/city-pack-manifest.schema';
import { layerEntries, writeCityPack } from '../write-city-pack';

// A pack small enough to reason about by hand: a 3 x 3 grid of two-way streets ~110 m apart around
// (105, 29.5), one square fence, one square lake, one district, one corridor along the middle row.
export const STEP = 0.001;
const at = (i: number, j: number): Position => [105 + i * STEP, 29.5 + j * STEP];

export const road = (id: string, coordinates: Position[], oneway = false): RoadFeature => ({
  type: 'Feature',
  id,
  properties: { name: id, class: 'residential', oneway },
  geometry: { type: 'LineString', coordinates },
});

export function tinyLayers(): CityPackLayers {
  const square = (w: number, s: number, e: number, n: number): Position[][] => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
  return {
    districts: [{ type: 'Feature', id: 'district:tiny', properties: { name: 'Tiny' }, geometry: { type: 'Polygon', coordinates: square(104.99, 29.49, 105.01, 29.51) } }],
    roads: [
      road('road:row0', [at(0, 0), at(1, 0), at(2, 0)]),
      road('road:row1', [at(0, 1), at(1, 1), at(2, 1)]),
      road('road:row2', [at(0, 2), at(1, 2), at(2, 2)]),
      road('road:col0', [at(0, 0), at(0, 1), at(0, 2)]),
      road('road:col2', [at(2, 0), at(2, 1), at(2, 2)]),
    ],
    water: [{ type: 'Feature', id: 'water:pond', properties: { kind: 'lake', name: 'Pond' }, geometry: { type: 'Polygon', coordinates: square(105.004, 29.5, 105.006, 29.502) } }],
    sites: [],
    'collection-points': [{ type: 'Feature', id: 'cp:1', properties: { roadId: 'road:row0' }, geometry: { type: 'Point', coordinates: at(1, 0) } }],
    'bike-fences': [{ type: 'Feature', id: 'fence:1', properties: { capacity: 20 }, geometry: { type: 'Polygon', coordinates: square(105.0005, 29.5005, 105.0006, 29.5006) } }],
    'lake-docks': [],
    'cleanup-zones': [],
    corridors: [{ type: 'Feature', id: 'corridor:row1', properties: { name: 'Row 1', cycleS: 90, designSpeedKmh: 40, roadId: 'road:row1' }, geometry: { type: 'LineString', coordinates: [at(0, 1), at(1, 1), at(2, 1)] } }],
    intersections: [
      { type: 'Feature', id: 'x:0', properties: { corridorId: 'corridor:row1', order: 0, distanceM: 0 }, geometry: { type: 'Point', coordinates: at(0, 1) } },
      { type: 'Feature', id: 'x:1', properties: { corridorId: 'corridor:row1', order: 1, distanceM: 193.9 }, geometry: { type: 'Point', coordinates: at(2, 1) } },
    ],
    landmarks: [],
    'restricted-zones': [
      { type: 'Feature', id: 'restricted:gate', properties: { name: 'School gate', nameZh: '校门', kind: 'school-gate' }, geometry: { type: 'Polygon', coordinates: square(105.0015, 29.5015, 105.002, 29.502) } },
    ],
  };
}

export function tinyManifest(layers: CityPackLayers): CityPackManifest {
  return {
    format: CITY_PACK_FORMAT,
    formatVersion: CITY_PACK_FORMAT_VERSION,
    id: 'tiny',
    name: 'Tiny',
    centre: [105.001, 29.501],
    bbox: [104.99, 29.49, 105.01, 29.51],
    approximate: false,
    attribution: 'test',
    layers: layerEntries(layers),
  };
}

/** Writes the tiny pack (after `edit`) into a fresh temp folder and returns the folder. */
export function writeTinyPack(edit: (layers: CityPackLayers, manifest: CityPackManifest) => void = () => {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'city-pack-'));
  const layers = tinyLayers();
  const manifest = tinyManifest(layers);
  edit(layers, manifest);
  writeCityPack(dir, manifest, layers);
  return dir;
}
