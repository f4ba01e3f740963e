#!/usr/bin/env node
// Ingest batch-size curve: rows/s written by ingest's one write path, StagedCopyWriter (COPY into a
// session staging table, then INSERT ... ON CONFLICT DO NOTHING into truck_readings, one transaction
// per batch), for a range of batch sizes. ingest's INGEST_WRITE_BATCH_ROWS default is read off it.
//
// Its own PostgreSQL (scripts/stack/postgres.sh, .data/bench-batch, port 55437), a fresh database
// migrated as ingest's is. Each round writes the same number of rows at every batch size, sizes in a
// shuffled order (the order changes every round, so a size never always runs on the largest table);
// the table is truncated before every size. Two writers run side by side, as ingest's default
// INGEST_PARTITION_CONCURRENCY=2 does (each with its own connection). The median of the rounds is
// reported.
//
// The last line is one JSON object: { batch_curve: { "<rows>": rows_per_s, ... }, best_rows, ... };
// it is also written to .data/bench-batch/result.json.
//
// Usage: node bench/ingest-batch-curve.bench.mjs [--quick]   (expects a prior build)
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Resolve the service's own dependencies (pg, reflect-metadata) as the service does.
const require = createRequire(path.join(ROOT, 'services/ingest/package.json'));
require('reflect-metadata');
const { Client, Pool } = require('pg');
const { StagedCopyWriter } = require(path.join(ROOT, 'services/ingest/dist/database/staged-copy.writer.js'));
const { TRUCK_READINGS_TABLE } = require(path.join(ROOT, 'services/ingest/dist/truck-readings/truck-readings.repository.js'));

const quick = process.argv.includes('--quick');
const BATCH_SIZES = [250, 500, 1_000, 2_000, 5_000, 10_000, 20_000];
const ROWS_PER_SIZE = quick ? 40_000 : 200_000;
const ROUNDS = quick ? 1 : 5;
const WRITERS = 2;
// The default city's trucks; their readings arrive one a second each.
const TRUCKS = 2_000;

const dataDir = path.join(ROOT, '.data/bench-batch');
const PG_PORT = 55437;
const infraEnv = { ...process.env, UB_DATA_DIR: dataDir, PG_PORT: String(PG_PORT) };
const url = `postgres://urban:urban@127.0.0.1:${PG_PORT}/urban_brain`;
const say = (message) => process.stderr.write(`[bench:batch] ${message}\n`);

function pgStack(command) {
  execFileSync('bash', [path.join(ROOT, 'scripts/stack/postgres.sh'), command], { env: infraEnv, stdio: ['ignore', 'inherit', 'inherit'] });
}

// Deterministic shuffles: the same orders every run.
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
function shuffled(values, random) {
  const out = values.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// Readings as the simulator sends them: TRUCKS trucks, one reading a second each, in time order.
// Built as plain objects with the fields the table reads; generation is outside the timed part.
function readings(count, startMs) {
  const rows = new Array(count);
  for (let i = 0; i < count; i++) {
    const truck = i % TRUCKS;
    const second = Math.floor(i / TRUCKS);
    rows[i] = {
      truckId: `NJ-SAN-${String(truck).padStart(4, '0')}`,
      seq: second + 1,
      recordedAtMs: BigInt(startMs + second * 1000 + (truck % 1000)),
      lon: 105.0 + (truck % 97) * 1e-3 + second * 1e-6,
      lat: 29.55 + (truck % 89) * 1e-3,
      speedKmh: 20 + (i % 30),
      headingDeg: (i * 7) % 360,
      loadKg: 1000 + (i % 5000),
      taskState: 4,
      kind: 3,
    };
  }
  return rows;
}

async function writeAll(writer, rows, batchRows) {
  // Each writer takes every WRITERS-th batch, as partitions consumed concurrently would.
  const batches = [];
  for (let i = 0; i < rows.length; i += batchRows) batches.push(rows.slice(i, i + batchRows));
  let written = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let b = w; b < batches.length; b += WRITERS) {
        const [inserted] = await writer.write([{ table: TRUCK_READINGS_TABLE, rows: batches[b] }]);
        written += inserted;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (written !== rows.length) throw new Error(`batch ${batchRows}: wrote ${written} of ${rows.length} rows`);
  return rows.length / seconds;
}

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];

let started = false;
let pool;
try {
  mkdirSync(dataDir, { recursive: true });
  say(`PostgreSQL on ${PG_PORT} (${dataDir})`);
  pgStack('start');
  started = true;
  const admin = new Client({ connectionString: url.replace('/urban_brain', '/postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS urban_brain WITH (FORCE)');
  await admin.query('CREATE DATABASE urban_brain OWNER urban');
  await admin.end();
  execFileSync('node', [path.join(ROOT, 'services/common/dist/database/migrate.cli.js')], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'inherit', 'inherit'] });

  pool = new Pool({ connectionString: url, max: WRITERS + 1 });
  const version = (await pool.query('SHOW server_version')).rows[0].server_version;
  const timescale = (await pool.query("SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'timescaledb'")).rows[0].n > 0;
  const writer = new StagedCopyWriter(pool);
  const rows = readings(ROWS_PER_SIZE, Date.now() - 3_600_000);

  // Warm-up: staging tables created on every connection, caches filled.
  await pool.query('TRUNCATE truck_readings');
  await writeAll(writer, rows.slice(0, 20_000), 1_000);

  const samples = new Map(BATCH_SIZES.map((size) => [size, []]));
  const random = rng(42);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const size of shuffled(BATCH_SIZES, random)) {
      await pool.query('TRUNCATE truck_readings');
      await pool.query('CHECKPOINT').catch(() => undefined); // needs superuser; best effort
      const rate = await writeAll(writer, rows, size);
      samples.get(size).push(rate);
      say(`round ${round}/${ROUNDS}: ${String(size).padStart(6)} rows/batch -> ${Math.round(rate).toLocaleString('en')} rows/s`);
    }
  }
  await pool.query('TRUNCATE truck_readings');

  const curve = Object.fromEntries(BATCH_SIZES.map((size) => [String(size), Math.round(median(samples.get(size)))]));
  const bestRate = Math.max(...Object.values(curve));
  const best = BATCH_SIZES.find((size) => curve[String(size)] === bestRate);
  // The smallest batch within 5 % of the best: larger batches hold more rows in memory and in one
  // transaction (and add latency) for no measurable gain.
  const knee = BATCH_SIZES.find((size) => curve[String(size)] >= 0.95 * bestRate);

  console.log('');
  console.log(`Ingest batch-size curve (StagedCopyWriter -> truck_readings, ${WRITERS} writers, ${ROWS_PER_SIZE.toLocaleString('en')} rows a size, median of ${ROUNDS})`);
  console.log(`  PostgreSQL ${version}${timescale ? ' + TimescaleDB' : ' (no TimescaleDB)'}; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'})`);
  console.log('  rows/batch   rows/s     vs best');
  for (const size of BATCH_SIZES) {
    const rate = curve[String(size)];
    console.log(`  ${String(size).padStart(10)}   ${String(rate.toLocaleString('en')).padStart(8)}   ${Math.round((100 * rate) / bestRate)} %${size === knee ? '   <- smallest within 5 % of the best' : ''}`);
  }
  const result = {
    batch_curve: curve,
    best_rows: best,
    knee_rows: knee,
    rows_per_size: ROWS_PER_SIZE,
    rounds: ROUNDS,
    writers: WRITERS,
    server: `PostgreSQL ${version}${timescale ? ' + TimescaleDB' : ''}`,
    cores: os.cpus().length,
    date: new Date().toISOString(),
  };
  writeFileSync(path.join(dataDir, 'result.json'), `${JSON.stringify(result)}\n`);
  console.log(JSON.stringify(result));
} finally {
  await pool?.end().catch(() => undefined);
  if (started) pgStack('stop');
}
