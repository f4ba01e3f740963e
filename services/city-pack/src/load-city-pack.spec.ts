import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CityPackError } from './format/city-pack.error';
import type { CityPackLayers, Position } from './format/city-pack-layers.schema';
import { loadCityPack } from './load-city-pack';
import { road, writeTinyPack } from './testing/tiny-city-pack.fixture';

function problemsOf(dir: string): string[] {
  try {
    loadCityPack(dir);
  } catch (error) {
    if (error instanceof CityPackError) return error.problems;
    throw error;
  }
  throw new Error('the pack loaded, but a problem was expected');
}

describe('loadCityPack', () => {
  it('loads a valid pack with every layer', () => {
    const pack = loadCityPack(writeTinyPack());
    expect(pack.id).toBe('tiny');
    expect(pack.layers.roads).toHaveLength(5);
    expect(pack.layers['lake-docks']).toEqual([]);
  });

  it('names the file, feature index, id and reason for a bad geometry', () => {
    const dir = writeTinyPack((layers) => {
      layers.roads.push(road('road:xyz', [[105, 29.5]]));
    });
    expect(problemsOf(dir)).toEqual(['roads.geojson feature 5 (id "road:xyz"): LineString needs at least 2 positions']);
  });

  it.each([
    ['an unclosed ring', (l: CityPackLayers) => (l['bike-fences'][0]!.geometry.coordinates[0]!.pop(), l), 'bike-fences.geojson feature 0 (id "fence:1"): Polygon ring 0 must be closed (its last position repeats its first)'],
    ['a bad property', (l: CityPackLayers) => ((l['bike-fences'][0]!.properties as { capacity: number }).capacity = -3, l), 'bike-fences.geojson feature 0 (id "fence:1"): properties.capacity: Number must be greater than 0'],
    ['a latitude out of range', (l: CityPackLayers) => ((l.roads[1]!.geometry.coordinates[1] as Position)[1] = 95, l), 'roads.geojson feature 1 (id "road:row1"): LineString position 1 [105.001, 95] is out of range (lon in [-180, 180], lat in [-90, 90])'],
    ['the wrong geometry', (l: CityPackLayers) => ((l.water[0]!.properties as { kind: string }).kind = 'river', l), 'water.geojson feature 0 (id "water:pond"): geometry must be a LineString (found Polygon)'],
    ['a repeated id', (l: CityPackLayers) => (l.roads[2]!.id = 'road:row0', l), 'roads.geojson feature 2 (id "road:row0"): id repeats feature 0'],
    ['a dangling reference', (l: CityPackLayers) => (l['collection-points'][0]!.properties.roadId = 'road:nowhere', l), 'collection-points.geojson feature 0 (id "cp:1"): properties.roadId "road:nowhere" is not a road'],
    ['an intersection off its corridor', (l: CityPackLayers) => (l.intersections[1]!.properties.distanceM = 50, l), 'intersections.geojson feature 1 (id "x:1"): is 144 m from the point 50 m along corridor "corridor:row1"'],
  ])('rejects %s with a clear message', (_case, edit, message) => {
    expect(problemsOf(writeTinyPack((layers) => void edit(layers)))).toEqual([message]);
  });

  it('reports a feature without an id, and every bad feature, not just the first', () => {
    const dir = writeTinyPack((layers) => {
      (layers.roads[0] as { id?: string }).id = undefined;
      layers.roads[3]!.properties.class = 'highway' as never;
    });
    expect(problemsOf(dir)).toEqual([
      'roads.geojson feature 0: needs a non-empty string id',
      expect.stringMatching(/^roads\.geojson feature 3 \(id "road:col0"\): properties\.class: Invalid enum value/),
    ]);
  });

  it('rejects a manifest that misses a layer or has the wrong version, naming the manifest', () => {
    const dir = writeTinyPack();
    const file = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { formatVersion: number; layers: { kind: string }[] };
    manifest.formatVersion = 2;
    writeFileSync(file, JSON.stringify(manifest));
    expect(problemsOf(dir)).toEqual(['manifest.json: formatVersion: this loader reads format version 1']);
    manifest.formatVersion = 1;
    manifest.layers = manifest.layers.filter((l) => l.kind !== 'landmarks');
    writeFileSync(file, JSON.stringify(manifest));
    expect(problemsOf(dir)).toEqual(['manifest.json: layers: must list layer "landmarks" exactly once (found 0)']);
  });

  it('loads a pack written before the restricted zones were added to format 1: the layer is empty', () => {
    const dir = writeTinyPack();
    const file = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { layers: { kind: string }[] };
    manifest.layers = manifest.layers.filter((l) => l.kind !== 'restricted-zones');
    writeFileSync(file, JSON.stringify(manifest));
    const pack = loadCityPack(dir);
    expect(pack.layers['restricted-zones']).toEqual([]);
    expect(pack.restrictedZoneAt([105.00175, 29.50175])).toBeNull();
    expect(loadCityPack(writeTinyPack()).restrictedZoneAt([105.00175, 29.50175])?.id).toBe('restricted:gate');
  });

  it('names a missing or unparsable layer file', () => {
    const dir = writeTinyPack();
    writeFileSync(path.join(dir, 'roads.geojson'), '{"type": "FeatureCollection", "features": [');
    expect(problemsOf(dir)[0]).toMatch(/^roads\.geojson: is not valid JSON/);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { layers: { kind: string; file: string }[] };
    manifest.layers.find((l) => l.kind === 'roads')!.file = 'streets.geojson';
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    expect(problemsOf(dir)).toEqual(['streets.geojson: cannot be read (ENOENT)']);
  });

  it('refuses a layer marked empty that has features, and an approximate pack without a note', () => {
    const dir = writeTinyPack((_layers, manifest) => {
      manifest.layers.find((l) => l.kind === 'roads')!.empty = true;
    });
    expect(problemsOf(dir)).toEqual(['roads.geojson: the manifest marks it empty but it has 5 features']);
    const vague = writeTinyPack((_layers, manifest) => {
      manifest.approximate = true;
    });
    expect(problemsOf(vague)).toEqual(['manifest.json: approximateNote: is required when approximate is true']);
  });
});
