import type { PoolClient } from 'pg';

// Which storage the migrations build: TimescaleDB hypertables, continuous aggregates and policies, or
// the plain-PostgreSQL equivalents under the same names (README "Database modes"). The mode is a
// decision recorded in the database at its first migration, never re-derived from whatever happens
// to be installed on the server later: a schema is built in one mode from start to end.

export const DATABASE_MODE_SETTINGS = ['auto', 'plain', 'timescaledb'] as const;
export type DatabaseModeSetting = (typeof DATABASE_MODE_SETTINGS)[number];
export type DatabaseMode = Exclude<DatabaseModeSetting, 'auto'>;

/** What the server offers, read before the first migration. */
export interface TimescaleProbe {
  /** The extension's files are installed (pg_available_extensions). */
  available: boolean;
  /** shared_preload_libraries names it (the server must be started with it). */
  preloaded: boolean;
  /** CREATE EXTENSION has been run in this database already. */
  created: boolean;
  preloadSetting: string;
  serverVersion: string;
}

export interface RecordedMode {
  mode: DatabaseMode;
  chosenAt: Date;
  chosenBy: string;
}

export interface ModeDecision {
  mode: DatabaseMode;
  /** Why, in words for the start-up line and the log. */
  reason: string;
  /** False when the decision was recorded by an earlier start. */
  fresh: boolean;
}

export class DatabaseModeError extends Error {
  override readonly name = 'DatabaseModeError';
}

const usable = (probe: TimescaleProbe) => probe.created || (probe.available && probe.preloaded);

// Why the extension cannot be used here, naming what is missing.
function missing(probe: TimescaleProbe): string {
  if (!probe.available) {
    return `the server (PostgreSQL ${probe.serverVersion}) has no timescaledb extension installed (pg_available_extensions lacks it)`;
  }
  return `the server does not preload it: shared_preload_libraries is '${probe.preloadSetting}', it must include 'timescaledb' (restart the server after setting it)`;
}

/**
 * Decides the mode. `recorded` is the mode an earlier start chose (or the one an existing schema
 * from before the setting existed was evidently built in); an explicit setting that disagrees with it
 * is refused rather than half-converting the schema.
 */
export function decideDatabaseMode(setting: DatabaseModeSetting, probe: TimescaleProbe, recorded: RecordedMode | undefined): ModeDecision {
  if (recorded) {
    if (setting !== 'auto' && setting !== recorded.mode) {
      throw new DatabaseModeError(
        `DB_MODE=${setting}, but this database was built in ${recorded.mode} mode (${recorded.chosenBy}, ${recorded.chosenAt.toISOString()}); ` +
          `a schema is not converted in place: set DB_MODE=${recorded.mode} or auto, or move the data to a new database (README "Database modes")`,
      );
    }
    if (recorded.mode === 'timescaledb' && !usable(probe)) {
      throw new DatabaseModeError(`this database was built in timescaledb mode, but ${missing(probe)}`);
    }
    return { mode: recorded.mode, reason: `chosen at the first migration, ${recorded.chosenAt.toISOString().slice(0, 10)}: ${recorded.chosenBy}`, fresh: false };
  }
  switch (setting) {
    case 'plain':
      return { mode: 'plain', reason: 'DB_MODE=plain', fresh: true };
    case 'timescaledb':
      if (!usable(probe)) throw new DatabaseModeError(`DB_MODE=timescaledb, but ${missing(probe)}`);
      return { mode: 'timescaledb', reason: 'DB_MODE=timescaledb', fresh: true };
    case 'auto':
      return usable(probe)
        ? { mode: 'timescaledb', reason: 'DB_MODE=auto: the server has the extension and preloads it', fresh: true }
        : { mode: 'plain', reason: `DB_MODE=auto: ${missing(probe)}`, fresh: true };
  }
}

/** Reads what the server offers. */
export async function probeTimescale(client: PoolClient): Promise<TimescaleProbe> {
  const { rows } = await client.query<TimescaleProbe>(
    `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') AS available,
            coalesce(current_setting('shared_preload_libraries', true), '') LIKE '%timescaledb%' AS preloaded,
            EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS created,
            coalesce(current_setting('shared_preload_libraries', true), '') AS "preloadSetting",
            split_part(current_setting('server_version'), ' ', 1) AS "serverVersion"`,
  );
  return rows[0]!;
}

/**
 * Reads the recorded mode, or, for a schema migrated before the mode was recorded, the mode it was
 * evidently built in (the extension exists in it or not).
 */
export async function readRecordedMode(client: PoolClient): Promise<RecordedMode | undefined> {
  const { rows } = await client.query<RecordedMode>('SELECT mode, chosen_at AS "chosenAt", chosen_by AS "chosenBy" FROM ub_database_mode');
  if (rows[0]) return rows[0];
  const migrated = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
  if (!migrated.rows[0]?.n) return undefined;
  const ext = await client.query<{ created: boolean }>("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS created");
  return { mode: ext.rows[0]?.created ? 'timescaledb' : 'plain', chosenAt: new Date(), chosenBy: 'inferred from a schema migrated before the mode was recorded' };
}

/** One line for people: `timescaledb (TimescaleDB 2.28.3 on PostgreSQL 15.18; DB_MODE=auto: ...)`. */
export async function describeDatabaseMode(client: PoolClient, decision: ModeDecision): Promise<string> {
  const { rows } = await client.query<{ server: string; ext: string | null }>(
    "SELECT split_part(current_setting('server_version'), ' ', 1) AS server, (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb') AS ext",
  );
  const server = `PostgreSQL ${rows[0]?.server ?? '?'}`;
  const on = decision.mode === 'timescaledb' ? `TimescaleDB ${rows[0]?.ext ?? '?'} on ${server}` : server;
  return `${decision.mode} (${on}; ${decision.reason})`;
}
