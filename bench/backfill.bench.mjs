#!/usr/bin/env node
// The day so far (README "The day so far"): how long a fresh `npm start` takes to play the city from
// midnight (Asia/Shanghai) up to now through the real path: simulator (SIM_BACKFILL) -> Kafka -> ingest ->
// the database, on its own broker and PostgreSQL (DB_MODE=auto: TimescaleDB where installed).
//
// Prints: the window, events sent by the backfill, seconds until the simulator said done, seconds until
// every past reading was a row (per table: rows in the window vs events the backfill sent), when the
// live layers started (the simulator's "going live" lines), and one JSON line last (backfill_s,
// backfill_stored_s, backfill_events, backfill_events_per_s, backfill_live_after_s, server).
//
// Usage: node bench/backfill.bench.mjs [--quick]   (--quick: the last 3 hours instead of today)
//        (expects a prior build; npm run bench does it)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitAfterFailure, serviceStarter, stackScripts } from './bench-stack.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { Client } = require('pg');

const quick = process.argv.includes('--quick');
const dataDir = path.join(ROOT, '.data/bench-backfill');
const logDir = path.join(dataDir, 'logs');
mkdirSync(logDir, { recursive: true });
const ports = { KAFKA_PORT: 59092, KAFKA_CONTROLLER_PORT: 59093, PG_PORT: 55438, INGEST: 3222, SIMULATOR: 3223 };
const infraEnv = { ...process.env, UB_DATA_DIR: dataDir, KAFKA_PORT: String(ports.KAFKA_PORT), KAFKA_CONTROLLER_PORT: String(ports.KAFKA_CONTROLLER_PORT), PG_PORT: String(ports.PG_PORT) };
const databaseUrl = `postgres://urban:urban@127.0.0.1:${ports.PG_PORT}/urban_brain`;
const serviceEnv = { ...process.env, KAFKA_BROKERS: `127.0.0.1:${ports.KAFKA_PORT}`, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' };
const TABLES = ['truck_readings', 'bike_events', 'boat_readings', 'signal_phase_changes', 'corridor_observations'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (message) => process.stderr.write(`[bench:backfill] ${message}\n`);
const stack = stackScripts(infraEnv);

const children = new Set();
const startService = serviceStarter({ serviceEnv, logDir, children, logFlags: 'w' });

async function getJson(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return response.ok ? await response.json() : undefined;
  } catch {
    return undefined;
  }
}

async function main() {
  say(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
  stack('postgres.sh', 'start');
  stack('kafka.sh', 'start');
  const admin = new Client({ connectionString: databaseUrl.replace(/\/urban_brain$/, '/postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS urban_brain WITH (FORCE)');
  await admin.query('CREATE DATABASE urban_brain OWNER urban');
  await admin.end();
  const migrated = execFileSync('node', [path.join(ROOT, 'services/common/dist/database/migrate.cli.js')], { env: { ...serviceEnv, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const server = migrated.match(/^Database mode: (.*)$/m)?.[1] ?? 'unknown';
  say(`database mode: ${server}`);

  const to = new Date();
  const spec = quick ? '3h' : 'today';
  startService('ingest', { HTTP_PORT: String(ports.INGEST) });
  const started = Date.now();
  const simulator = startService('simulator', { HTTP_PORT: String(ports.SIMULATOR), SIM_BACKFILL: spec, SIM_BACKFILL_TO: to.toISOString() });
  let report;
  for (let last = 0; ; await sleep(2000)) {
    report = await getJson(`http://127.0.0.1:${ports.SIMULATOR}/backfill`);
    if (simulator.exitCode !== null) throw new Error(`the simulator exited (${simulator.exitCode}); see ${logDir}/simulator.log`);
    if (!report) continue;
    if (report.state === 'failed') throw new Error(`the backfill failed; see ${logDir}/simulator.log`);
    if (report.state === 'done') break;
    if (Date.now() - last > 30_000) {
      last = Date.now();
      say(`${report.percent}% (${report.messagesSent} events, ${report.eventsPerSecond}/s)`);
    }
  }
  const doneS = (Date.now() - started) / 1000;
  const from = new Date(report.from);
  // Stored = every row of the window (the live readings start at the window's end, SIM_BACKFILL_TO).
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const countPast = async () => {
    let rows = 0;
    for (const table of TABLES) rows += Number((await db.query(`SELECT count(*) AS n FROM ${table} WHERE recorded_at >= $1 AND recorded_at < $2`, [from, to])).rows[0].n);
    return rows;
  };
  let stored = await countPast();
  const deadline = Date.now() + 600_000;
  while (stored < report.messagesSent && Date.now() < deadline) {
    await sleep(2000);
    stored = await countPast();
  }
  const storedS = (Date.now() - started) / 1000;
  await db.end();
  const live = readFileSync(path.join(logDir, 'simulator.log'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('going live'))
    .map((line) => JSON.parse(line).seconds);
  for (const child of [...children]) child.kill('SIGTERM');
  await sleep(3000);
  stack('kafka.sh', 'stop');
  stack('postgres.sh', 'stop');

  const result = {
    bench: 'backfill',
    date: new Date().toISOString(),
    server,
    window: { from: report.from, to: report.to, spec },
    backfill_events: report.messagesSent,
    backfill_s: Math.round(doneS),
    backfill_stored_s: Math.round(storedS),
    backfill_stored_rows: stored,
    backfill_events_per_s: Math.round(report.messagesSent / doneS),
    backfill_live_after_s: live.length ? Math.max(...live) : null,
  };
  console.log(`window ${report.from} .. ${report.to}: ${report.messagesSent} events sent in ${result.backfill_s} s (${result.backfill_events_per_s}/s), every one stored after ${result.backfill_stored_s} s (${stored} rows); live layers after ${result.backfill_live_after_s} s`);
  console.log(JSON.stringify(result));
}

main().catch(exitAfterFailure({ say, children, stack }));
