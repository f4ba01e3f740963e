import path from 'node:path';

/** The repo's default pack (city-packs/neijiang), the same from src/ (tests) and dist/ (built services). */
export const DEFAULT_CITY_PACK_DIR = path.resolve(__dirname, '../../../city-packs/neijiang');
