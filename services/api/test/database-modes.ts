import { randomUUID } from 'node:crypto';
import { createLogger, createPool, runMigrations, type DatabaseModeSetting } from '@urban-brain/common';
import { Client } from 'pg';
import { MIGRATIONS_DIR, startTimescalePglite } from '../../../test-support/timescale-pglite';

// The database modes every storage test runs in (README "Database modes"), each on a real server
// where the machine has one:
//   plain        real PostgreSQL, DB_MODE=plain (PLAIN_DATABASE_URL from scripts/stack/dev-infra.sh up;
//                the server may preload TimescaleDB: the plain mode must not use it);
//   timescaledb  real PostgreSQL with TimescaleDB preloaded, DB_MODE=timescaledb, a fresh database per
//                file (policies run by the server's own background jobs) — only where the machine has
//                the extension (TIMESCALEDB_DATABASE_URL set by dev-infra.sh);
//   pglite       PGlite + TimescaleDB in WebAssembly (one connection; jobs never run by themselves).
// Open ONE pg Client on a target's url: PGlite's socket serves one connection at a time.

export interface DatabaseTarget {
  url: string;
  stop(): Promise<void>;
}

export type DatabaseMode = 'plain' | 'timescaledb' | 'pglite';

function requiredUrl(name: string): string {
  const url = process.env[name];
  if (!url) throw new Error(`${name} is not set: run \`bash scripts/stack/dev-infra.sh up\` and export what it prints`);
  return url;
}

export function plainDatabaseUrl(): string {
  return requiredUrl('PLAIN_DATABASE_URL');
}

async function migrate(url: string, mode: DatabaseModeSetting): Promise<void> {
  const pool = createPool(url, 1, 'database-modes-test');
  try {
    await runMigrations(pool, MIGRATIONS_DIR, createLogger('database-modes-test', 'warn'), mode);
  } finally {
    await pool.end();
  }
}

// A new database's scheduler runs every policy once as it starts (retention included, which would drop a
// test's old rows seeded meanwhile); wait for that round, so the next runs are a schedule interval away.
async function firstSchedulerRound(url: string, timeoutMs = 90_000): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const deadline = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 250))) {
      const { rows } = await client.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM timescaledb_information.jobs j
         LEFT JOIN timescaledb_information.job_stats s USING (job_id)
         WHERE j.job_id >= 1000 AND j.scheduled AND coalesce(s.total_runs, 0) = 0`,
      );
      if (rows[0]?.waiting === 0) return;
      if (Date.now() > deadline) throw new Error(`the TimescaleDB scheduler ran no first round of ${rows[0]?.waiting} jobs within ${timeoutMs / 1000} s`);
    }
  } finally {
    await client.end();
  }
}

/** A new database on the real TimescaleDB server, migrated in the timescaledb mode; dropped by stop(). */
export async function startTimescaleServerDatabase(): Promise<DatabaseTarget> {
  const serverUrl = requiredUrl('TIMESCALEDB_DATABASE_URL');
  const name = `ub_it_${randomUUID().slice(0, 8)}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString(), 'timescaledb');
  await firstSchedulerRound(url.toString());
  return {
    url: url.toString(),
    async stop() {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        // FORCE: the extension's scheduler holds a connection to every database that has it.
        await client.query(`DROP DATABASE ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** True where this machine's test server runs TimescaleDB (the timescaledb mode is then tested on it). */
export const TIMESCALEDB_SERVER = Boolean(process.env.TIMESCALEDB_DATABASE_URL);

export const DATABASE_MODES: [mode: DatabaseMode, start: () => Promise<DatabaseTarget>, timescale: boolean, pglite: boolean][] = [
  [
    'plain',
    async () => {
      const url = plainDatabaseUrl();
      // dev-infra.sh has migrated already; running again must apply whatever is pending and be harmless otherwise.
      await migrate(url, 'plain');
      return { url, stop: async () => undefined };
    },
    false,
    false,
  ],
  ...(TIMESCALEDB_SERVER ? [['timescaledb', startTimescaleServerDatabase, true, false] as [DatabaseMode, () => Promise<DatabaseTarget>, boolean, boolean]] : []),
  ['pglite', () => startTimescalePglite(), true, true],
];
