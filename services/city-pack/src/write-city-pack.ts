import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CITY_PACK_MANIFEST_FILE, LAYER_KINDS } from './format/city-pack-format';
import type { CityPackLayers } from './format/city-pack-layers.schema';
import type { CityPackManifest } from './format/city-pack-manifest.schema';

/** Writes a pack folder: the manifest plus one GeoJSON file per layer, one feature per line so diffs stay readable. */
export function writeCityPack(dir: string, manifest: CityPackManifest, layers: CityPackLayers): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, CITY_PACK_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const kind of LAYER_KINDS) {
    const entry = manifest.layers.find((l) => l.kind === kind);
    if (!entry) throw new Error(`manifest lists no file for layer ${kind}`);
    const features = layers[kind] as unknown[];
    const body = features.length === 0 ? '' : `\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n`;
    writeFileSync(path.join(dir, entry.file), `{"type":"FeatureCollection","features":[${body}]}\n`);
  }
}

/** The manifest's layer list with the conventional file names, marking the layers that came out empty. */
export function layerEntries(layers: CityPackLayers, notes: Partial<Record<keyof CityPackLayers, string>> = {}): CityPackManifest['layers'] {
  return LAYER_KINDS.map((kind) => ({
    kind,
    file: `${kind}.geojson`,
    ...(layers[kind].length === 0 ? { empty: true } : {}),
    ...(notes[kind] ? { note: notes[kind] } : {}),
  }));
}
