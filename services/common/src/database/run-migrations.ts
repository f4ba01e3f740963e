import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { decideDatabaseMode, describeDatabaseMode, probeTimescale, readRecordedMode, type DatabaseMode, type DatabaseModeSetting } from './database-mode';

// Arbitrary constant: serialises concurrent migrators (several services starting at once).
const MIGRATION_LOCK = 4_242_001;

export interface MigrationResult {
  /** Files applied by this run (NNN_name.sql). */
  applied: string[];
  mode: DatabaseMode;
  /** For people: the mode, the server and why (`npm start`'s "Database mode:" line). */
  description: string;
}

/**
 * Decides (or re-reads) the database mode, then applies the forward-only numbered SQL files of `dir`
 * (NNN_name.sql) that are not yet recorded in schema_migrations, each in its own transaction.
 */
export async function runMigrations(pool: Pool, dir: string, logger: Logger, setting: DatabaseModeSetting = 'auto'): Promise<MigrationResult> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    await client.query(`CREATE TABLE IF NOT EXISTS ub_database_mode (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      mode text NOT NULL CHECK (mode IN ('plain', 'timescaledb')),
      chosen_at timestamptz NOT NULL DEFAULT now(),
      chosen_by text NOT NULL)`);
    const decision = decideDatabaseMode(setting, await probeTimescale(client), await readRecordedMode(client));
    await client.query('INSERT INTO ub_database_mode (mode, chosen_by) VALUES ($1, $2) ON CONFLICT (singleton) DO NOTHING', [decision.mode, decision.reason]);
    // Every migration branches on this function; it reads the recorded decision, never the server.
    await client.query(`CREATE OR REPLACE FUNCTION ub_timescaledb_usable() RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT EXISTS (SELECT 1 FROM ub_database_mode WHERE mode = 'timescaledb') $$`);
    const done = new Set((await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = await readFile(path.join(dir, file), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file} failed: ${(error as Error).message}`);
      }
      applied.push(file);
      logger.info({ context: 'Migrations', file }, 'applied migration');
    }
    const description = await describeDatabaseMode(client, decision);
    logger.info({ context: 'Migrations', mode: decision.mode, fresh: decision.fresh, setting }, `database mode: ${description}`);
    return { applied, mode: decision.mode, description };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
