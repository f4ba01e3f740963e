import { createLogger, createPool, runMigrations } from '@urban-brain/common';
import { MIGRATIONS_DIR, startTimescalePglite } from '../../../test-support/timescale-pglite';

// The two database modes every storage test runs in (README "Database modes"):
// plain = the local stack's PostgreSQL (scripts/stack/dev-infra.sh up), timescale = PGlite + TimescaleDB.
// Open ONE pg Client on a target's url: PGlite's socket serves one connection at a time.

export interface DatabaseTarget {
  url: string;
  stop(): Promise<void>;
}

export type DatabaseMode = 'plain' | 'timescale';

export function plainDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');
  return url;
}

export const DATABASE_MODES: [mode: DatabaseMode, start: () => Promise<DatabaseTarget>, timescale: boolean][] = [
  [
    'plain',
    async () => {
      const url = plainDatabaseUrl();
      // dev-infra.sh has migrated already; running again must apply whatever is pending and be harmless otherwise.
      const pool = createPool(url, 1, 'database-modes-test');
      try {
        await runMigrations(pool, MIGRATIONS_DIR, createLogger('database-modes-test', 'warn'));
      } finally {
        await pool.end();
      }
      return { url, stop: async () => undefined };
    },
    false,
  ],
  ['timescale', () => startTimescalePglite(), true],
];
