import { createReadStream } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CityPackError } from '../format/city-pack.error';
import { loadCityPack } from '../load-city-pack';
import { writeCityPack } from '../write-city-pack';
import { osmToCityPack } from './osm-to-city-pack';
import { parseOsmXml } from './osm-xml.parser';

const USAGE = 'usage: osm-to-city-pack <extract.osm> <pack-dir> [--id <id>] [--name <name>] [--name-zh <name>]';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { id: { type: 'string' }, name: { type: 'string' }, 'name-zh': { type: 'string' }, help: { type: 'boolean' } },
  });
  const [input, output] = positionals;
  if (values.help || !input || !output) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(values.help ? 0 : 2);
  }
  const id = values.id ?? path.basename(output).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+/, '');
  const osm = await parseOsmXml(createReadStream(input));
  const { manifest, layers } = osmToCityPack(osm, { id, name: values.name ?? id, ...(values['name-zh'] ? { nameZh: values['name-zh'] } : {}), source: path.basename(input) });
  writeCityPack(output, manifest, layers);
  // The written pack must load like any other; a failure here is a converter bug worth reporting.
  const pack = loadCityPack(output);
  const counts = manifest.layers.map((l) => `${l.kind} ${pack.layers[l.kind].length}${l.empty ? ' (empty)' : ''}`);
  process.stdout.write(`wrote ${output}: ${counts.join(', ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof CityPackError ? error.message : `osm-to-city-pack failed: ${(error as Error).message}`}\n`);
  process.exit(1);
});
