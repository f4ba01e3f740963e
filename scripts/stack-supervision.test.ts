import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm start`'s supervisor (scripts/run-stack.mjs) on its own data folder and ports, with the
// pipeline's services but not the web app. The broker and then the database are killed with
// SIGKILL, as a crash or the OOM killer would; the supervisor must bring each back and the
// pipeline must resume with every reading the simulator had acknowledged stored exactly once.

const ROOT = path.resolve(__dirname, '..');
// A folder of its own per run: a second run at the same time fails on the ports, and touches nothing
// of this one. Kept when the test fails, for its logs.
let dataDir = '';
const STACK_ENV: Record<string, string> = {
  KAFKA_PORT: '49092',
  KAFKA_CONTROLLER_PORT: '49093',
  PG_PORT: '55440',
  API_PORT: '3200',
  REALTIME_PORT: '3201',
  INGEST_PORT: '3202',
  SIMULATOR_PORT: '3203',
  WEB_PORT: '5190',
  UB_STACK_SERVICES: 'ingest,realtime,api,simulator',
  // A small city: 120 trucks at 1 Hz carry the check; the other fleets only add load to 2 cores.
  SIM_BIKES: '200',
  SIM_BOATS: '2',
  SIM_SIGNALS_ENABLED: 'false',
  SIM_AMBULANCES_ENABLED: 'false',
  // Live data only: the test reads each truck's seq in recorded order across the outages.
  SIM_BACKFILL: 'off',
  KAFKA_HEAP_OPTS: '-Xmx512m -Xms512m',
  LOG_LEVEL: 'info',
};
const DATABASE_URL = `postgres://urban:urban@127.0.0.1:${STACK_ENV.PG_PORT}/urban_brain`;
const HEALTH_URLS = ['INGEST_PORT', 'REALTIME_PORT', 'API_PORT', 'SIMULATOR_PORT'].map((port) => `http://127.0.0.1:${STACK_ENV[port]}/health`);
const TRUCKS = 120; // the simulator's default
const READINGS_BETWEEN_KILLS = 10;
const stackEnv = () => ({ ...process.env, ...STACK_ENV, UB_DATA_DIR: dataDir });
const stackLog = () => path.join(dataDir, 'stack-output.log');

// Generous: a 2-core machine shared with other test runs; these are deadlines, not expectations.
const START_DEADLINE_MS = 600_000;
const RECOVERY_DEADLINE_MS = 300_000;

/** Polls `probe` until it returns a value other than undefined; fails naming `what` after the deadline. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, deadlineMs: number, everyMs = 500): Promise<T> {
  const giveUpAt = Date.now() + deadlineMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > giveUpAt) {
      throw new Error(`timed out after ${deadlineMs / 1000} s waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}; stack output in ${stackLog()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

function stopInfra(): void {
  for (const script of ['kafka.sh', 'postgres.sh']) {
    execFileSync('bash', [path.join(ROOT, 'scripts/stack', script), 'stop'], { env: stackEnv(), stdio: 'ignore' });
  }
}

function processCommandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

describe('npm start supervises the broker and the database', () => {
  let stack: ChildProcess | undefined;
  let output = '';
  const pool = new Pool({ connectionString: DATABASE_URL, max: 2, connectionTimeoutMillis: 5_000 });
  // The database is killed under the pool: its idle clients fail, which is expected here.
  pool.on('error', () => undefined);

  /** Waits for a line of the stack's output, searching only what came after `from`. */
  const waitForOutput = (pattern: RegExp, from: number, deadlineMs = RECOVERY_DEADLINE_MS) =>
    waitFor(`stack output ${pattern}`, () => pattern.exec(output.slice(from)) ?? undefined, deadlineMs, 200);

  const supervisedPid = (name: 'kafka' | 'postgres') => Number(readFileSync(path.join(dataDir, 'run', `${name}.pid`), 'utf8'));

  // True once every truck has `readings` stored that it took after `at`: the pipeline flows steadily
  // (so a kill lands amid sends, fetches and writes in flight, not before the first).
  const everyTruckStoredAfter = async (at: Date, readings: number) => {
    const { rows } = await pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM (SELECT truck_id FROM truck_readings WHERE recorded_at > $1 GROUP BY truck_id HAVING count(*) >= $2) t',
      [at, readings],
    );
    return Number(rows[0]!.n) === TRUCKS ? true : undefined;
  };

  const allHealthy = async () => {
    for (const url of HEALTH_URLS) {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    }
    return true;
  };

  let passed = false;

  beforeAll(async () => {
    mkdirSync(path.join(ROOT, '.data'), { recursive: true });
    dataDir = mkdtempSync(path.join(ROOT, '.data', 'stack-supervision-'));
    stack = spawn('node', [path.join(ROOT, 'scripts/run-stack.mjs')], {
      cwd: ROOT,
      env: stackEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      appendFileSync(stackLog(), chunk);
    };
    stack.stdout!.on('data', collect);
    stack.stderr!.on('data', collect);
    await waitFor(
      'the stack to start',
      () => {
        if (stack!.exitCode !== null) throw new Error(`run-stack.mjs exited with ${stack!.exitCode}:\n${output.slice(-3000)}`);
        return output.includes('[stack] running; press Ctrl-C to stop') ? true : undefined;
      },
      START_DEADLINE_MS,
    );
  }, START_DEADLINE_MS + 60_000);

  afterAll(async () => {
    await pool.end().catch(() => undefined);
    if (stack && stack.exitCode === null) {
      const exited = new Promise((resolve) => stack!.once('exit', resolve));
      stack.kill('SIGTERM');
      await exited;
    }
    // Whatever the outcome, no broker or server is left running on this data folder.
    if (!dataDir) return;
    stopInfra();
    if (passed) rmSync(dataDir, { recursive: true, force: true });
  }, 300_000);

  it(
    'restarts a killed broker and a killed database, and the pipeline resumes losing nothing it accepted',
    async () => {
      await waitFor('readings from every truck', () => everyTruckStoredAfter(new Date(0), READINGS_BETWEEN_KILLS), RECOVERY_DEADLINE_MS);

      // The broker: SIGKILL the JVM.
      const brokerPid = supervisedPid('kafka');
      expect(processCommandLine(brokerPid)).toContain('kafka.Kafka');
      let mark = output.length;
      process.kill(brokerPid, 'SIGKILL');
      await waitForOutput(/\[stack\] kafka exited \(pid \d+ is gone\); restarting in \d+s \(log: .*kafka\.log\)/, mark);
      const brokerBack = await waitForOutput(/\[stack\] kafka is back \(pid (\d+)\)/, mark);
      const kafkaBackAt = new Date();
      expect(Number(brokerBack[1])).not.toBe(brokerPid);
      expect(processCommandLine(Number(brokerBack[1]))).toContain('kafka.Kafka');
      // Readings taken after the broker came back reach the database: simulator, broker and ingest all resumed.
      await waitFor('readings from after the broker restart', () => everyTruckStoredAfter(kafkaBackAt, READINGS_BETWEEN_KILLS), RECOVERY_DEADLINE_MS);

      // The database: SIGKILL the postmaster (its backends exit on their own; WAL replay recovers).
      const postmasterPid = supervisedPid('postgres');
      expect(processCommandLine(postmasterPid)).toContain(' -D ');
      mark = output.length;
      process.kill(postmasterPid, 'SIGKILL');
      await waitForOutput(/\[stack\] postgres exited \(pid \d+ is gone\); restarting in \d+s \(log: .*postgres\.log\)/, mark);
      const databaseBack = await waitForOutput(/\[stack\] postgres is back \(pid (\d+)\)/, mark);
      const postgresBackAt = new Date();
      expect(Number(databaseBack[1])).not.toBe(postmasterPid);
      await waitFor('readings from after the database restart', () => everyTruckStoredAfter(postgresBackAt, READINGS_BETWEEN_KILLS), RECOVERY_DEADLINE_MS);

      // Every service answers healthy again (by reconnecting, or restarted by the supervisor).
      await waitFor('every service healthy', allHealthy, RECOVERY_DEADLINE_MS, 1_000);
      expect(stack!.exitCode).toBeNull();

      // Each truck numbers its readings 1, 2, 3, ... from the simulator's start; the simulator only
      // takes the next number once the broker acknowledged the last send (it retries, never skips).
      // So in recorded order every truck's seq is its predecessor's plus one, or 1 where a restarted
      // simulator began again: a missing accepted reading shows as a jump, a reading stored twice
      // (a retried send stamped anew) as a repeat.
      const { rows: breaks } = await pool.query<{ truck_id: string; recorded_at: Date; seq: string; previous_seq: string | null }>(
        `SELECT truck_id, recorded_at, seq, previous_seq FROM (
           SELECT truck_id, recorded_at, seq, lag(seq) OVER (PARTITION BY truck_id ORDER BY recorded_at, seq) AS previous_seq
           FROM truck_readings) ordered
         WHERE (previous_seq IS NULL AND seq <> 1) OR (previous_seq IS NOT NULL AND seq <> previous_seq + 1 AND seq <> 1)
         ORDER BY truck_id, recorded_at LIMIT 20`,
      );
      expect(breaks).toEqual([]);

      // The check spans both outages: every truck's numbering runs on past the database's return, and
      // the simulator kept its numbering (a restart of it would leave the tail of a run unchecked).
      const { rows: trucks } = await pool.query<{ trucks: string; after_outages: string; runs: string }>(
        `SELECT count(*) AS trucks, count(*) FILTER (WHERE last_at > $1) AS after_outages, max(runs) AS runs
         FROM (SELECT truck_id, max(recorded_at) AS last_at, count(*) FILTER (WHERE seq = 1) AS runs
               FROM truck_readings GROUP BY truck_id) per_truck`,
        [postgresBackAt],
      );
      expect(trucks[0]).toEqual({ trucks: String(TRUCKS), after_outages: String(TRUCKS), runs: '1' });
      passed = true;
    },
    3 * RECOVERY_DEADLINE_MS + 300_000,
  );
});
