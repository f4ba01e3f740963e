// Applies the repo's migrations: `node services/common/dist/database/migrate.cli.js`.
// Prints one line for people on stdout, `Database mode: <mode> (<server>; <why>)`; logs go to stderr.
import path from 'node:path';
import { z } from 'zod';
import { databaseEnv, databaseModeEnv, logEnv } from '../config/env-schemas';
import { loadConfigOrExit } from '../config/parse-config.util';
import { createLogger } from '../logging/logger';
import { DatabaseModeError } from './database-mode';
import { createPool } from './pool';
import { runMigrations } from './run-migrations';

async function main(): Promise<void> {
  const config = loadConfigOrExit(
    'migrate',
    z.object({
      ...databaseEnv,
      ...databaseModeEnv,
      ...logEnv,
      MIGRATIONS_DIR: z.string().default(path.resolve(__dirname, '../../../../infra/migrations')),
    }),
  );
  const logger = createLogger('migrate', config.LOG_LEVEL);
  const pool = createPool(config.DATABASE_URL, 1, 'urban-brain-migrate');
  try {
    const result = await runMigrations(pool, config.MIGRATIONS_DIR, logger, config.DB_MODE);
    logger.info({ context: 'Migrations', applied: result.applied.length, mode: result.mode }, 'database is up to date');
    process.stdout.write(`Database mode: ${result.description}\n`);
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  const prefix = error instanceof DatabaseModeError ? 'migrate: database mode: ' : 'migrate: ';
  process.stderr.write(`${prefix}${(error as Error).message}\n`);
  process.exit(1);
});
