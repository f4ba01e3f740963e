import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CityPack } from './city-pack';
import { CityPackError } from './format/city-pack.error';
import { CITY_PACK_MANIFEST_FILE, LAYER_KINDS } from './format/city-pack-format';
import type { CityPackLayers } from './format/city-pack-layers.schema';
import { type CityPackManifest, cityPackManifestSchema } from './format/city-pack-manifest.schema';
import { validateLayer } from './format/validate-layer';
import { LocalProjection } from './geometry/local-projection';
import { MeasuredLine } from './geometry/measured-line';

// An intersection must sit on its corridor where its distanceM says, give or take a junction's width.
const INTERSECTION_TOLERANCE_M = 30;

/** Reads and validates a city pack folder; throws CityPackError listing every problem found. */
export function loadCityPack(dir: string): CityPack {
  const manifestJson = readJson(dir, CITY_PACK_MANIFEST_FILE);
  const parsed = cityPackManifestSchema.safeParse(manifestJson);
  if (!parsed.success) {
    throw new CityPackError(
      dir,
      parsed.error.issues.map((i) => `${CITY_PACK_MANIFEST_FILE}: ${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`),
    );
  }
  const manifest = parsed.data;
  const problems: string[] = [];
  const layers = Object.fromEntries(LAYER_KINDS.map((kind) => [kind, []])) as unknown as Record<string, unknown[]>;
  for (const entry of manifest.layers) {
    const { features, problems: layerProblems } = validateLayer(entry.kind, entry.file, readJson(dir, entry.file));
    problems.push(...layerProblems);
    if (entry.empty && features.length > 0) problems.push(`${entry.file}: the manifest marks it empty but it has ${features.length} features`);
    layers[entry.kind] = features;
  }
  if (problems.length === 0) problems.push(...crossCheck(manifest, layers as unknown as CityPackLayers));
  if (problems.length > 0) throw new CityPackError(dir, problems);
  return new CityPack(manifest, layers as unknown as CityPackLayers);
}

function readJson(dir: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(path.join(dir, file), 'utf8');
  } catch (error) {
    throw new CityPackError(dir, [`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CityPackError(dir, [`${file}: is not valid JSON (${(error as Error).message})`]);
  }
}

/** References between layers: collection points name real roads, intersections sit on real corridors in order. */
export function crossCheck(manifest: CityPackManifest, layers: CityPackLayers): string[] {
  const problems: string[] = [];
  const fileOf = (kind: string) => manifest.layers.find((l) => l.kind === kind)?.file ?? kind;
  const roadIds = new Set(layers.roads.map((r) => r.id));
  layers['collection-points'].forEach((p, i) => {
    if (!roadIds.has(p.properties.roadId)) problems.push(`${fileOf('collection-points')} feature ${i} (id "${p.id}"): properties.roadId "${p.properties.roadId}" is not a road`);
  });
  layers.corridors.forEach((c, i) => {
    if (c.properties.roadId !== undefined && !roadIds.has(c.properties.roadId)) problems.push(`${fileOf('corridors')} feature ${i} (id "${c.id}"): properties.roadId "${c.properties.roadId}" is not a road`);
  });
  const projection = new LocalProjection(manifest.centre);
  const lines = new Map(layers.corridors.map((c) => [c.id, new MeasuredLine(c.geometry.coordinates, projection)]));
  const seenOrders = new Map<string, Map<number, number>>();
  layers.intersections.forEach((x, i) => {
    const where = `${fileOf('intersections')} feature ${i} (id "${x.id}")`;
    const { corridorId, order, distanceM } = x.properties;
    const line = lines.get(corridorId);
    if (!line) {
      problems.push(`${where}: properties.corridorId "${corridorId}" is not a corridor`);
      return;
    }
    const orders = seenOrders.get(corridorId) ?? new Map<number, number>();
    seenOrders.set(corridorId, orders);
    if (orders.has(order)) problems.push(`${where}: order ${order} repeats feature ${orders.get(order)} on corridor "${corridorId}"`);
    orders.set(order, i);
    if (distanceM > line.lengthM + INTERSECTION_TOLERANCE_M) problems.push(`${where}: distanceM ${distanceM} is past the corridor's end (${line.lengthM.toFixed(0)} m)`);
    const expected = line.positionAt(distanceM).position;
    const off = projection.distanceM(expected, x.geometry.coordinates);
    if (off > INTERSECTION_TOLERANCE_M) problems.push(`${where}: is ${off.toFixed(0)} m from the point ${distanceM} m along corridor "${corridorId}"`);
  });
  // Orders run with distance: the signal plan and the time-space diagram walk them in that order.
  for (const [corridorId, orders] of seenOrders) {
    const sorted = [...orders.keys()].sort((a, b) => a - b);
    for (let k = 1; k < sorted.length; k++) {
      const [prev, next] = [layers.intersections[orders.get(sorted[k - 1]!)!]!, layers.intersections[orders.get(sorted[k]!)!]!];
      if (next.properties.distanceM < prev.properties.distanceM) {
        problems.push(`${fileOf('intersections')} feature ${orders.get(sorted[k]!)} (id "${next.id}"): distanceM decreases with order on corridor "${corridorId}"`);
      }
    }
  }
  return problems;
}
