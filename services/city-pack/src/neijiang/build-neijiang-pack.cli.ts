import { DEFAULT_CITY_PACK_DIR } from '../default-city-pack-dir';
import { loadCityPack } from '../load-city-pack';
import { writeCityPack } from '../write-city-pack';
import { buildNeijiangPack } from './build-neijiang-pack';

// Regenerates city-packs/neijiang (or the folder given as the first argument) and checks it loads.
const dir = process.argv[2] ?? DEFAULT_CITY_PACK_DIR;
const { manifest, layers } = buildNeijiangPack();
writeCityPack(dir, manifest, layers);
const pack = loadCityPack(dir);
const corridorKm = pack.corridors.reduce((sum, c) => sum + c.line.lengthM, 0) / 1000;
// A CLI's result line on stdout, for the person who ran it (services log through pino).
process.stdout.write(
  `wrote ${dir}: ${Object.entries(pack.layers)
    .map(([kind, features]) => `${kind} ${features.length}`)
    .join(', ')}; corridors ${corridorKm.toFixed(1)} km\n`,
);
