// Applies the repo's migrations: `node services/common/dist/database/migrate.cli.js`.
import path from 'node:path';
import { z } from 'zod';
import { databaseEnv, logEnv } from '../config/env-schemas';
import { loadConfigOrExit } from '../config/parse-config.util';
import { createLogger } from '../logging/logger';
import { createPool } from './pool';
import { runMigrations } from './run-migrations';

async function main(): Promise<void> {
  const config = loadConfigOrExit(
    'migrate',
    z.object({
      ...databaseEnv,
      ...logEnv,
      MIGRATIONS_DIR: z.string().default(path.resolve(__dirname, '../../../../infra/migrations')),
    }),
  );
  const logger = createLogger('migrate', config.LOG_LEVEL);
  const pool = createPool(config.DATABASE_URL, 1, 'urban-brain-migrate');
  try {
    const applied = await runMigrations(pool, config.MIGRATIONS_DIR, logger);
    const mode = await pool.query<{ timescale: boolean }>("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS timescale");
    logger.info({ context: 'Migrations', applied: applied.length, timescaledb: mode.rows[0]?.timescale }, 'database is up to date');
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`migrate: ${(error as Error).message}\n`);
  process.exit(1);
});
