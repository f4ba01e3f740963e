#!/usr/bin/env node
// Storage sizing benchmark: what a row of each raw hypertable costs on the real TimescaleDB server,
// before and after compression, and the chunk intervals those costs call for.
//
// Starts its own PostgreSQL (scripts/stack/postgres.sh, .data/bench-sizing, port 55437; TimescaleDB
// preloaded because it is installed), migrates a fresh database with DB_MODE=timescaledb, pauses the
// extension's jobs (so no policy compresses, drops or refreshes behind the measurements), then loads
// rows generated in SQL with the default city's shapes (as bench/history-query.bench.mjs does):
//   truck_readings         120 trucks at 1 Hz (and, in its own hypertable, 10,000 trucks at 2 Hz:
//                          the pipeline bench's 20,000 events/s)
//   boat_readings          12 boats at 1 Hz
//   bike_events            11,000 bikes, ~1,650 events an hour (steady state, no start-up announcements)
//   signal_phase_changes   the city pack's 113 intersections, 3 phase changes a cycle of 90-120 s
//   corridor_observations  14 corridors, one observation a minute each (SIM_SIGNALS_OBS_S=60)
//   alert_events           an assumed 3,000 alerts a day x 5 steps (raised .. resolved)
// Full: exactly one whole chunk of each at its current interval (the window is the chunk holding a
// day 60 days back); --quick: a fixed shorter slice of it.
//
// Measured: bytes a row with indexes (chunks_detailed_size / rows), hence bytes a day at the default
// city and at 20,000 truck events/s; then compress_chunk on every chunk: the compression ratio and the
// bytes a row after, for the current segmentby/orderby and alternatives (trucks: orderby ASC, no
// segmentby; bikes: no segmentby), and the time of one truck's track over an hour (the api's tracks.trucks.sql)
// and of the bikes' replay seek (state.bikes.sql) uncompressed and compressed: printed figures only,
// on 2 cores shared with other runs.
// From the sizes: the chunk interval giving chunks of the target size (see chooseInterval).
//
// The last line is one JSON object (bytes_per_row, bytes_per_day_default_city, bytes_per_day_20k,
// compression_ratio, chosen_chunk_interval, server, ...); also written to .data/bench-sizing/result.json.
//
// Where TimescaleDB is not installed it measures nothing and says so (a JSON line with `skipped`).
//
// Usage: node bench/storage-sizing.bench.mjs [--quick]   (expects a prior build; npm run bench does it)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { timescaleInstalled } from './bench-stack.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { Client } = require('pg');

const quick = process.argv.includes('--quick');

const dataDir = path.join(ROOT, '.data/bench-sizing');
mkdirSync(dataDir, { recursive: true });
const PG_PORT = 55437;
const infraEnv = { ...process.env, UB_DATA_DIR: dataDir, PG_PORT: String(PG_PORT) };
const dbUrl = `postgres://urban:urban@127.0.0.1:${PG_PORT}/urban_brain`;

const say = (message) => process.stderr.write(`[bench:sizing] ${message}\n`);
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const GB = 1e9;
const MB = 1e6;

// ------------------------------------------------------------------------------------------------
// The default city's streams, as rows a day and SQL generating the rows of [from, to).
// ------------------------------------------------------------------------------------------------
const TRUCKS = 120;
const BOATS = 12;
const BIKES = 11_000;
const BIKE_EVENTS_PER_HOUR = 1_650;
const ALERTS_PER_DAY = 3_000; // an assumption: 008's estimate is "a few thousand a day"
const ALERT_STEPS = 5;
const TRUCKS_20K = 10_000; // the pipeline bench's 20,000 events/s: 10,000 trucks x 2 Hz
const HZ_20K = 2;
const EVENTS_20K = TRUCKS_20K * HZ_20K;
const TRACKED_TRUCK = 'NJ-SAN-0042';

const ts = (date) => `'${date.toISOString()}'::timestamptz`;
// Deterministic noise in [-1, 1] keyed by a row: GPS jitter and speed wobble, so compression meets
// values as irregular as a real fleet's (smooth generated curves alone compress far better).
const noise = (key) => `((hashint8(${key}) % 10007) / 10007.0)`;
const seconds = (from, to) => Math.round((to - from) / 1000);

// The green-wave corridors of the city pack: each intersection with its corridor, cycle and offset.
const readPack = (file) => JSON.parse(readFileSync(path.join(ROOT, 'city-packs/neijiang', file), 'utf8')).features;
const CORRIDOR_IDS = readPack('corridors.geojson').map((f) => f.id);
function cityIntersections() {
  const read = readPack;
  const cycles = new Map(read('corridors.geojson').map((f) => [f.id, f.properties]));
  return read('intersections.geojson').map((f) => {
    const corridor = cycles.get(f.properties.corridorId);
    const cycleS = corridor?.cycleS ?? 100;
    const offsetS = corridor ? (f.properties.distanceM / (corridor.designSpeedKmh / 3.6)) % cycleS : 0;
    return { id: f.id, corridorId: f.properties.corridorId ?? null, cycleS, offsetS };
  });
}
const INTERSECTIONS = cityIntersections();
const PHASE_CHANGES_PER_DAY = Math.round(INTERSECTIONS.reduce((s, i) => s + (3 * 86_400) / i.cycleS, 0));

// Trucks as the history bench generates them (plus noise), from `trucks` trucks at `hz` readings a second; seq counts
// readings since the epoch so every slice continues the last.
function truckSql(table, from, to, trucks, hz) {
  const n = seconds(from, to) * hz;
  const e0 = Math.round(from.getTime() / 1000) * hz;
  return `INSERT INTO ${table} (truck_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind, ingested_at)
    SELECT 'NJ-SAN-' || lpad(t::text, greatest(4, length(t::text)), '0'), ${e0}::bigint + s, ${ts(from)} + s * INTERVAL '${1000 / hz} milliseconds',
           105.058 + 0.03 * cos(t + s / ${600.0 * hz}) + 5e-5 * ${noise(`(${e0}::bigint + s) * 131 + t`)},
           29.582 + 0.02 * sin(t * 1.7 + s / ${500.0 * hz}) + 4e-5 * ${noise(`(${e0}::bigint + s) * 137 + t`)},
           greatest(0, 22 + 18 * sin(s / ${97.0 * hz} + t) + 1.5 * ${noise(`(${e0}::bigint + s) * 139 + t`)}),
           ((s / ${3 * hz} + t * 37) % 360 + 360 + 4 * ${noise(`(${e0}::bigint + s) * 149 + t`)})::numeric % 360,
           ((s / ${60 * hz} + t * 13) % 45) * 180,
           CASE WHEN (s / ${60 * hz} + t * 13) % 45 >= 40 THEN 6 ELSE 1 + ((s / ${900 * hz} + t) % 5) END,
           1 + t % 3, ${ts(from)} + s * INTERVAL '${1000 / hz} milliseconds' + INTERVAL '400 milliseconds'
    FROM generate_series(0, ${n - 1}) s CROSS JOIN generate_series(1, ${trucks}) t`;
}

const STREAMS = [
  {
    table: 'truck_readings',
    rowsPerDay: TRUCKS * 86_400,
    sliceMs: HOUR,
    quickMs: HOUR,
    sql: (from, to) => truckSql('truck_readings', from, to, TRUCKS, 1),
  },
  {
    table: 'boat_readings',
    rowsPerDay: BOATS * 86_400,
    sliceMs: 6 * HOUR,
    quickMs: 6 * HOUR,
    sql: (from, to) => {
      const s0 = Math.round(from.getTime() / 1000);
      return `INSERT INTO boat_readings (boat_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, debris_kg, battery_pct, task_state, ingested_at)
        SELECT 'NJ-BOAT-' || lpad(b::text, 2, '0'), ${s0}::bigint + s, ${ts(from)} + s * INTERVAL '1 second',
               105.04 + 0.004 * cos(b + s / 300.0) + 3e-5 * ${noise(`(${s0}::bigint + s) * 131 + b`)},
               29.59 + 0.003 * sin(b + s / 300.0) + 3e-5 * ${noise(`(${s0}::bigint + s) * 137 + b`)},
               greatest(0, 6 + 2 * sin(s / 50.0) + 0.8 * ${noise(`(${s0}::bigint + s) * 139 + b`)}),
               ((s / 2 + b * 30) % 360 + 360 + 4 * ${noise(`(${s0}::bigint + s) * 149 + b`)})::numeric % 360,
               ((${s0}::bigint + s) % 28800) / 120.0, 100 - ((${s0}::bigint + s) % 28800) / 360.0, 1 + ((${s0}::bigint + s) / 7200) % 4,
               ${ts(from)} + s * INTERVAL '1 second' + INTERVAL '400 milliseconds'
        FROM generate_series(0, ${seconds(from, to) - 1}) s CROSS JOIN generate_series(1, ${BOATS}) b`;
    },
  },
  {
    table: 'bike_events',
    rowsPerDay: BIKE_EVENTS_PER_HOUR * 24,
    sliceMs: DAY,
    quickMs: DAY,
    sql: (from, to) => {
      const n = Math.round((seconds(from, to) / 3600) * BIKE_EVENTS_PER_HOUR);
      const i0 = Math.round((from.getTime() / HOUR) * BIKE_EVENTS_PER_HOUR);
      return `INSERT INTO bike_events (bike_id, seq, recorded_at, kind, lon, lat, fence_id, in_fence, is_ebike, battery_pct, operator, ingested_at)
        SELECT 'NJ-BIKE-' || lpad(bike::text, 5, '0'), ${i0}::bigint + i, at, kind,
               105.058 + ((bike * 7) % 200 - 100) / 2000.0, 29.582 + ((bike * 13) % 200 - 100) / 2500.0,
               CASE WHEN kind IN (2, 3, 6) AND i % 6 <> 0 THEN 'NJ-FENCE-' || lpad((bike % 400)::text, 3, '0') END,
               kind IN (2, 3, 6) AND i % 6 <> 0, bike % 3 = 0, 20 + (bike * 31 + i) % 80,
               (ARRAY['hellobike', 'meituan', 'qingju'])[1 + bike % 3], at + INTERVAL '300 milliseconds'
        FROM (SELECT i, 1 + ((${i0}::bigint + i) * 7919) % ${BIKES} AS bike,
                     ${ts(from)} + (i * 3600.0 / ${BIKE_EVENTS_PER_HOUR}) * INTERVAL '1 second' AS at,
                     (ARRAY[1, 2, 1, 2, 4, 3, 1, 2, 5, 6])[1 + i % 10] AS kind
              FROM generate_series(0, ${n - 1}) i) e`;
    },
  },
  {
    table: 'signal_phase_changes',
    rowsPerDay: PHASE_CHANGES_PER_DAY,
    sliceMs: DAY,
    quickMs: 12 * HOUR,
    // Each intersection's through movement: green 55 % of the cycle, amber 3 s, red the rest,
    // shifted by its green-wave offset; one row per phase change, time-ordered as ingest stores them.
    sql: (from, to) => {
      const arr = (f) => `ARRAY[${INTERSECTIONS.map(f).join(',')}]`;
      const s0 = Math.round(from.getTime() / 1000);
      return `INSERT INTO signal_phase_changes (intersection_id, seq, recorded_at, corridor_id, signal_group, phase_state, start_at, min_end_at, max_end_at, ingested_at)
        SELECT id, (${s0}::bigint + at_s) * 4 + p, ${ts(from)} + at_s * INTERVAL '1 second', corridor_id, 2, state,
               ${ts(from)} + at_s * INTERVAL '1 second', ${ts(from)} + (at_s + len) * INTERVAL '1 second',
               ${ts(from)} + (at_s + len) * INTERVAL '1 second', ${ts(from)} + at_s * INTERVAL '1 second' + INTERVAL '200 milliseconds'
        FROM (SELECT x.id, x.corridor_id, p, (ARRAY[7, 8, 4])[p + 1] AS state,
                     k * x.cycle + x.off + (ARRAY[0, round(x.cycle * 0.55), round(x.cycle * 0.55) + 3])[p + 1] AS at_s,
                     (ARRAY[round(x.cycle * 0.55), 3, x.cycle - round(x.cycle * 0.55) - 3])[p + 1] AS len
              FROM unnest(${arr((i) => `'${i.id}'`)}::text[], ${arr((i) => (i.corridorId ? `'${i.corridorId}'` : 'NULL'))}::text[],
                          ${arr((i) => i.cycleS)}::int[], ${arr((i) => Math.round(i.offsetS))}::int[]) AS x(id, corridor_id, cycle, off)
              CROSS JOIN generate_series(0, ${Math.ceil(seconds(from, to) / 90)}) k CROSS JOIN generate_series(0, 2) p) c
        WHERE at_s >= 0 AND at_s < ${seconds(from, to)}
        ORDER BY at_s, id`;
    },
  },
  {
    table: 'corridor_observations',
    rowsPerDay: CORRIDOR_IDS.length * 1_440,
    sliceMs: 7 * DAY,
    quickMs: DAY,
    sql: (from, to) => {
      const m0 = Math.round(from.getTime() / 60_000);
      return `INSERT INTO corridor_observations (corridor_id, seq, recorded_at, direction, travel_time_s, design_travel_time_s, stops, arrivals_on_green_pct, vehicles, ingested_at)
        SELECT (ARRAY[${CORRIDOR_IDS.map((id) => `'${id}'`).join(',')}])[c], ${m0}::bigint + m, ${ts(from)} + m * INTERVAL '1 minute' + c * INTERVAL '1 second', 1,
               180 + 40 * sin(m / 20.0 + c), 170, 1 + (m + c) % 3, 60 + 25 * sin(m / 30.0 + c), 20 + (m * c) % 40,
               ${ts(from)} + m * INTERVAL '1 minute' + c * INTERVAL '1 second' + INTERVAL '1 second'
        FROM generate_series(0, ${Math.round(seconds(from, to) / 60) - 1}) m CROSS JOIN generate_series(1, ${CORRIDOR_IDS.length}) c`;
    },
  },
  {
    table: 'alert_events',
    rowsPerDay: ALERTS_PER_DAY * ALERT_STEPS,
    sliceMs: 10 * DAY,
    quickMs: 3 * DAY,
    // Each alert: raised by the alerting service, then acknowledged, assigned, commented on and
    // resolved by a dispatcher minutes apart; ids are deterministic uuids.
    sql: (from, to) => {
      const n = Math.round((seconds(from, to) / 86_400) * ALERTS_PER_DAY);
      const a0 = Math.round((from.getTime() / DAY) * ALERTS_PER_DAY);
      return `INSERT INTO alert_events (alert_id, at, action, actor, note, assignee)
        SELECT md5((${a0}::bigint + a)::text)::uuid, at, action, actor, note, assignee FROM (
          SELECT a, ${ts(from)} + (a * 86400.0 / ${ALERTS_PER_DAY} + step * 240) * INTERVAL '1 second' AS at,
                 (ARRAY['raised', 'acknowledged', 'assigned', 'commented', 'resolved'])[step + 1] AS action,
                 CASE WHEN step = 0 THEN 'alerting' ELSE 'dispatcher-' || lpad((a % 12)::text, 2, '0') END AS actor,
                 CASE WHEN step = 3 THEN 'crew on site, clearing the ' || (ARRAY['bin', 'fence', 'lane', 'bank'])[1 + a % 4] END AS note,
                 CASE WHEN step = 2 THEN 'NJ-SAN-' || lpad((a % ${TRUCKS})::text, 4, '0') END AS assignee
          FROM generate_series(0, ${n - 1}) a CROSS JOIN generate_series(0, ${ALERT_STEPS - 1}) step) e
        WHERE at < ${ts(to)} ORDER BY at`;
    },
  },
];

// ------------------------------------------------------------------------------------------------
// Server and measurements
// ------------------------------------------------------------------------------------------------
function pgStack(command) {
  execFileSync('bash', [path.join(ROOT, 'scripts/stack/postgres.sh'), command], { env: infraEnv, stdio: ['ignore', 'inherit', 'inherit'] });
}

let started = false;
let db = null;

async function timed(fn) {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

const sizeOf = async (table) => {
  const r = await db.query(
    `SELECT count(*)::int AS chunks, coalesce(sum(table_bytes), 0)::bigint AS heap, coalesce(sum(index_bytes), 0)::bigint AS index,
            coalesce(sum(toast_bytes), 0)::bigint AS toast, coalesce(sum(total_bytes), 0)::bigint AS total
     FROM chunks_detailed_size($1)`,
    [table],
  );
  return Object.fromEntries(Object.entries(r.rows[0]).map(([k, v]) => [k, Number(v)]));
};
const rowsOf = async (table) => Number((await db.query(`SELECT count(*)::bigint AS n FROM ${table}`)).rows[0].n);
const intervalMsOf = async (table) =>
  Number((await db.query("SELECT extract(epoch FROM time_interval) * 1000 AS ms FROM timescaledb_information.dimensions WHERE hypertable_name = $1", [table])).rows[0].ms);

async function compressionOf(table) {
  const settings = (
    await db.query(
      `SELECT coalesce(string_agg(attname, ', ' ORDER BY segmentby_column_index) FILTER (WHERE segmentby_column_index IS NOT NULL), '') AS segmentby,
              string_agg(attname || CASE WHEN orderby_asc THEN '' ELSE ' DESC' END, ', ' ORDER BY orderby_column_index) FILTER (WHERE orderby_column_index IS NOT NULL) AS orderby
       FROM timescaledb_information.compression_settings WHERE hypertable_name = $1`,
      [table],
    )
  ).rows[0];
  return { segmentby: settings.segmentby || '(none)', orderby: settings.orderby };
}

/**
 * Compresses every chunk of `table`; returns the sizes before and after (the extension's own stats).
 * A copy's ratio is taken against `sourceBytes`, its source's size: the copy's own indexes, built
 * afresh, need not be the same size as the source's, and the rows are the same.
 */
async function compress(table, rows, sourceBytes) {
  const { ms } = await timed(() => db.query(`SELECT count(compress_chunk(c)) FROM show_chunks('${table}') c`));
  const stats = (
    await db.query(
      `SELECT sum(before_compression_total_bytes)::bigint AS before, sum(after_compression_total_bytes)::bigint AS after,
              sum(after_compression_table_bytes + after_compression_toast_bytes)::bigint AS after_data, sum(after_compression_index_bytes)::bigint AS after_index
       FROM hypertable_compression_stats($1)`,
      [table],
    )
  ).rows[0];
  const before = sourceBytes ?? Number(stats.before);
  const after = Number(stats.after);
  return {
    ...(await compressionOf(table)),
    compress_ms: Math.round(ms),
    before_bytes: before,
    after_bytes: after,
    after_index_bytes: Number(stats.after_index),
    ratio: Math.round((before / after) * 10) / 10,
    bytes_per_row_after: Math.round((after / rows) * 10) / 10,
  };
}

const TRACK_SQL = readFileSync(path.join(ROOT, 'services/api/src/history/queries/tracks.trucks.sql'), 'utf8')
  .split('\n')
  .filter((line) => !line.startsWith('--'))
  .join('\n');

/** p50 of the api's track query (one truck, one hour) on `table`; printed, never asserted. */
async function trackMs(table, from) {
  const sql = TRACK_SQL.replace('FROM truck_readings', `FROM ${table}`);
  const to = new Date(from.getTime() + HOUR);
  // ids, from, to, resume after (id '', any time, seq -1: from the start), limit.
  const params = [[TRACKED_TRUCK], from.toISOString(), to.toISOString(), '', from.toISOString(), -1, 10_000];
  const run = () => db.query({ name: `track-${table}`, text: sql, values: params });
  const first = await run(); // warm-up: plan, cold pages
  const samples = [];
  for (let i = 0; i < (quick ? 5 : 21); i++) samples.push((await timed(run)).ms);
  samples.sort((a, b) => a - b);
  return { p50_ms: Math.round(samples[Math.floor(samples.length / 2)] * 100) / 100, points: first.rowCount };
}

const BIKE_STATE_SQL = readFileSync(path.join(ROOT, 'services/api/src/history/queries/state.bikes.sql'), 'utf8')
  .split('\n')
  .filter((line) => !line.startsWith('--'))
  .join('\n');

/**
 * The replay seek's bike half (the api's state.bikes.sql: every bike's last event in the 24 h before
 * `at`, all pages at limit 10000) on `table`: its id walk visits every chunk, compressed ones too.
 * Printed, never asserted; a walk past 120 s is cut off and reported as such.
 */
async function bikeSeekMs(table, at) {
  const sql = BIKE_STATE_SQL.replaceAll('FROM bike_events', `FROM ${table}`);
  const page = (after) => db.query({ text: sql, values: [at.toISOString(), new Date(at.getTime() - DAY).toISOString(), after, 10_000] });
  const seek = async () => {
    let after = '';
    let bikes = 0;
    for (;;) {
      const r = await page(after);
      bikes += r.rowCount;
      if (r.rowCount < 10_000) return bikes;
      after = r.rows.at(-1).entity_id;
    }
  };
  await db.query('SET statement_timeout = 120000');
  try {
    const first = await timed(seek);
    const samples = [first.ms];
    if (first.ms < 20_000) for (let i = 0; i < (quick ? 2 : 4); i++) samples.push((await timed(seek)).ms);
    samples.sort((a, b) => a - b);
    return { p50_ms: Math.round(samples[Math.floor(samples.length / 2)]), bikes: first.value };
  } catch (error) {
    return { p50_ms: null, note: /statement timeout/.test(error.message) ? 'over 120 s' : `failed: ${error.message}` };
  } finally {
    await db.query('SET statement_timeout = 0');
  }
}

/** The whole chunk (epoch-aligned, as the extension aligns them) holding `at`, at `intervalMs`. */
function chunkWindow(at, intervalMs) {
  const start = Math.floor(at.getTime() / intervalMs) * intervalMs;
  return { from: new Date(start), to: new Date(start + intervalMs) };
}

async function load(table, sqlOf, from, to, sliceMs) {
  const { ms } = await timed(async () => {
    for (let t = from.getTime(); t < to.getTime(); t += sliceMs) {
      await db.query(sqlOf(new Date(t), new Date(Math.min(t + sliceMs, to.getTime()))));
    }
  });
  return Math.round(ms);
}

// A copy of `source`'s rows in a hypertable of the same shape with other compression settings.
async function alternative(source, name, interval, segmentby, orderby, { copy = true } = {}) {
  const table = `bench_${name}`;
  await db.query(`CREATE TABLE ${table} (LIKE ${source} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
  await db.query(`SELECT create_hypertable('${table}', 'recorded_at', chunk_time_interval => INTERVAL '${interval}')`);
  await db.query(`ALTER TABLE ${table} SET (timescaledb.compress, timescaledb.compress_segmentby = '${segmentby}', timescaledb.compress_orderby = '${orderby}')`);
  if (copy) {
    // In the source's order (time, then entity: as ingest writes them), so the copy's indexes match its.
    await db.query(`INSERT INTO ${table} SELECT * FROM ${source} ORDER BY recorded_at, 1`);
    await db.query(`ANALYZE ${table}`);
  }
  return table;
}

// ------------------------------------------------------------------------------------------------
// Chunk intervals
// ------------------------------------------------------------------------------------------------
// Target for the default city: chunks (heap + indexes) of 0.3-0.5 GB, the project's aim on a modest
// server: the chunks being written and read (live, replay of the last day) stay in memory, and at 30
// days of retention a table keeps ~60-120 chunks, few enough for the planner. TimescaleDB's own rule
// (the indexes of the chunks being written fit in shared_buffers, ~25 % of memory) is far looser at
// this scale, so it is checked, not used. Cap: 7 days for the raw streams (compression after 7 days
// and retention at 30 work a whole chunk at a time), 30 days for alert_events (365 days kept).
// At 20,000 events/s a 0.5 GB chunk lasts minutes (hundreds of chunks a day), so there the rule is
// TimescaleDB's: the truck chunk's indexes fit in shared_buffers.
const TARGET_MIN_BYTES = 0.3 * GB;
const TARGET_MAX_BYTES = 0.5 * GB;
const CANDIDATES_H = [0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 24, 48, 72, 96, 168, 336, 720];

function label(hours) {
  if (hours < 1) return `${hours * 60} minutes`;
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return `${hours / 24} day${hours === 24 ? '' : 's'}`;
}

/**
 * Keeps the current interval when its chunks land in the target band (give or take 10 %: the rows a
 * day follow the simulator's settings, and a migration must be worth more than noise), or when it is
 * at the cap and below the band; else the largest candidate under the band's top, capped.
 */
function chooseInterval(bytesPerDay, currentH, capH) {
  const chunkBytes = (h) => (bytesPerDay * h) / 24;
  const current = chunkBytes(currentH);
  const largest = CANDIDATES_H.filter((h) => h <= capH && chunkBytes(h) <= TARGET_MAX_BYTES).at(-1) ?? CANDIDATES_H[0];
  const keep = (current >= TARGET_MIN_BYTES * 0.9 && current <= TARGET_MAX_BYTES * 1.1) || (currentH === capH && current < TARGET_MIN_BYTES);
  const hours = keep ? currentH : largest;
  return { hours, interval: label(hours), chunk_bytes: Math.round(chunkBytes(hours)), current_chunk_bytes: Math.round(current), changed: hours !== currentH };
}

/** The largest candidate whose chunk's indexes fit in `budgetBytes` (fits: false when not even the shortest does). */
function intervalForIndexBudget(indexBytesPerDay, budgetBytes) {
  const fitting = CANDIDATES_H.filter((h) => (indexBytesPerDay * h) / 24 <= budgetBytes).at(-1);
  const hours = fitting ?? CANDIDATES_H[0];
  const budgetMinutes = Math.round(((budgetBytes / indexBytesPerDay) * 1440) * 10) / 10;
  return { hours, interval: fitting ? label(hours) : `none (the budget lasts ${budgetMinutes} min)`, fits: fitting !== undefined, budget_minutes: budgetMinutes, index_bytes: Math.round((indexBytesPerDay * hours) / 24) };
}


// ------------------------------------------------------------------------------------------------
async function main() {
  if (!timescaleInstalled()) {
    // Nothing to size: chunks and compression exist only under the extension.
    const skipped = { bench: 'storage-sizing', skipped: 'TimescaleDB is not installed on this machine', date: new Date().toISOString() };
    say(skipped.skipped);
    writeFileSync(path.join(dataDir, 'result.json'), `${JSON.stringify(skipped)}\n`);
    console.log(JSON.stringify(skipped));
    return;
  }
  const machine = {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    mem_gib: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
  say(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.mem_gib} GiB; ${quick ? 'QUICK: a slice of each chunk' : 'full: one whole chunk of each table'}`);
  pgStack('start');
  started = true;
  const admin = new Client({ connectionString: dbUrl.replace('/urban_brain', '/postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS urban_brain WITH (FORCE)');
  await admin.query('CREATE DATABASE urban_brain OWNER urban');
  await admin.end();
  const migrated = execFileSync('node', [path.join(ROOT, 'services/common/dist/database/migrate.cli.js')], {
    env: { ...process.env, DATABASE_URL: dbUrl, DB_MODE: 'timescaledb', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const mode = migrated.match(/^Database mode: (.*)$/m)?.[1] ?? 'unknown';
  db = new Client({ connectionString: dbUrl });
  await db.connect();
  const version = (await db.query("SELECT current_setting('server_version') AS pg, (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb') AS ts, current_setting('shared_buffers') AS sb, pg_size_bytes(current_setting('shared_buffers')) AS sb_bytes")).rows[0];
  const server = `PostgreSQL ${version.pg} + TimescaleDB ${version.ts} (real server, DB_MODE=timescaledb; ${mode})`;
  const sharedBuffers = Number(version.sb_bytes);
  say(`${server}; shared_buffers ${version.sb}`);
  // The policies' jobs would compress, drop or refresh behind the measurements.
  await db.query('SELECT alter_job(job_id, scheduled => false) FROM timescaledb_information.jobs WHERE job_id >= 1000');

  // Each table's window: the chunk holding the day 60 days back (past every policy's horizon; the
  // jobs are paused anyway), whole in the full run, its first slice in --quick.
  const ref = new Date(Math.floor(Date.now() / DAY) * DAY - 60 * DAY);
  const tables = {};
  for (const stream of STREAMS) {
    const intervalMs = await intervalMsOf(stream.table);
    const chunk = chunkWindow(ref, intervalMs);
    const to = quick ? new Date(Math.min(chunk.to.getTime(), chunk.from.getTime() + stream.quickMs)) : chunk.to;
    say(`${stream.table}: chunk interval ${label(intervalMs / HOUR)}; loading ${chunk.from.toISOString()} .. ${to.toISOString()}`);
    const loadMs = await load(stream.table, stream.sql, chunk.from, to, stream.sliceMs);
    await db.query(`ANALYZE ${stream.table}`);
    const rows = await rowsOf(stream.table);
    const size = await sizeOf(stream.table);
    const chunkRowsFull = (stream.rowsPerDay * intervalMs) / DAY;
    tables[stream.table] = {
      interval_h: intervalMs / HOUR,
      from: chunk.from.toISOString(),
      to: to.toISOString(),
      rows,
      chunk_fill: Math.round((rows / chunkRowsFull) * 1000) / 1000,
      load_ms: loadMs,
      rows_per_day: stream.rowsPerDay,
      ...size,
      bytes_per_row: Math.round((size.total / rows) * 10) / 10,
      heap_bytes_per_row: Math.round(((size.heap + size.toast) / rows) * 10) / 10,
      index_bytes_per_row: Math.round((size.index / rows) * 10) / 10,
    };
    say(`  ${rows} rows in ${size.chunks} chunk(s), ${tables[stream.table].bytes_per_row} B a row with indexes (load ${loadMs} ms)`);
  }

  // 20,000 truck events/s: the pipeline bench's shape in its own hypertable (same columns, key, settings).
  const at20k = { trucks: TRUCKS_20K, hz: HZ_20K, events_per_s: EVENTS_20K };
  {
    const table = await alternative('truck_readings', 'truck_readings_20k', '1 hour', 'truck_id', 'recorded_at DESC, seq DESC', { copy: false });
    const from = chunkWindow(ref, HOUR).from;
    const to = new Date(from.getTime() + (quick ? 60_000 : 5 * 60_000));
    say(`20,000 events/s: ${TRUCKS_20K} trucks x ${HZ_20K} Hz, ${seconds(from, to)} s (${EVENTS_20K * seconds(from, to)} rows)`);
    const loadMs = await load(table, (a, b) => truckSql(table, a, b, TRUCKS_20K, HZ_20K), from, to, 30_000);
    await db.query(`ANALYZE ${table}`);
    const rows = await rowsOf(table);
    const size = await sizeOf(table);
    Object.assign(at20k, {
      rows,
      load_ms: loadMs,
      ...size,
      bytes_per_row: Math.round((size.total / rows) * 10) / 10,
      index_bytes_per_row: Math.round((size.index / rows) * 10) / 10,
    });
    at20k.bytes_per_day = Math.round(at20k.bytes_per_row * EVENTS_20K * 86_400);
    at20k.index_bytes_per_day = Math.round(at20k.index_bytes_per_row * EVENTS_20K * 86_400);
    at20k.compression = await compress(table, rows);
    say(`  ${at20k.bytes_per_row} B a row, ratio ${at20k.compression.ratio}`);
  }

  // Track of one truck over an hour, uncompressed, before anything is compressed.
  const trackFrom = new Date(new Date(tables.truck_readings.from).getTime());
  const track = { uncompressed: await trackMs('truck_readings', trackFrom) };
  const seekAt = new Date(new Date(tables.bike_events.to).getTime() - HOUR);
  const bikeSeek = { uncompressed: await bikeSeekMs('bike_events', seekAt) };

  // Alternatives: copies of the loaded rows, compressed other ways (before the originals, so each copy
  // reads uncompressed rows).
  const truckInterval = label(tables.truck_readings.interval_h);
  const truckAlternatives = [
    ['truck_orderby_asc', 'truck_id', 'recorded_at ASC, seq ASC'],
    ['truck_no_segmentby', '', 'truck_id, recorded_at DESC, seq DESC'],
    ['truck_time_only', '', 'recorded_at DESC, seq DESC'],
  ];
  const alternatives = {};
  for (const [name, segmentby, orderby] of truckAlternatives) {
    say(`alternative ${name}: segmentby '${segmentby}', orderby '${orderby}'`);
    const table = await alternative('truck_readings', name, truckInterval, segmentby, orderby);
    alternatives[name] = { table: 'truck_readings', ...(await compress(table, tables.truck_readings.rows, tables.truck_readings.total)) };
    track[name] = await trackMs(table, trackFrom);
  }
  say("alternative bike_no_segmentby: segmentby '', orderby 'bike_id, recorded_at DESC, seq DESC'");
  const bikeTable = await alternative('bike_events', 'bike_no_segmentby', label(tables.bike_events.interval_h), '', 'bike_id, recorded_at DESC, seq DESC');
  alternatives.bike_no_segmentby = { table: 'bike_events', ...(await compress(bikeTable, tables.bike_events.rows, tables.bike_events.total)) };
  bikeSeek.bike_no_segmentby = await bikeSeekMs(bikeTable, seekAt);

  // The tables themselves, with the migrations' settings.
  for (const stream of STREAMS) {
    say(`compressing ${stream.table}`);
    tables[stream.table].compression = await compress(stream.table, tables[stream.table].rows);
  }
  track.compressed = await trackMs('truck_readings', trackFrom);
  bikeSeek.compressed = await bikeSeekMs('bike_events', seekAt);

  // Chunk intervals.
  const caps = { alert_events: 720 };
  const chosen = {};
  for (const [table, t] of Object.entries(tables)) {
    t.bytes_per_day = Math.round(t.bytes_per_row * t.rows_per_day);
    t.index_bytes_per_day = Math.round(t.index_bytes_per_row * t.rows_per_day);
    t.compressed_bytes_per_day = Math.round(t.compression.bytes_per_row_after * t.rows_per_day);
    chosen[table] = { current: label(t.interval_h), ...chooseInterval(t.bytes_per_day, t.interval_h, caps[table] ?? 168) };
  }
  const activeIndexBytes = Object.entries(chosen).reduce((s, [table, c]) => s + (tables[table].index_bytes_per_day * c.hours) / 24, 0);
  const memory = os.totalmem();
  const chosen20k = {
    // The stack's shared_buffers (postgres.sh: 1 GB, sized to share the machine with a test stack).
    stack_shared_buffers: intervalForIndexBudget(at20k.index_bytes_per_day, sharedBuffers),
    // A dedicated server of this machine's memory with shared_buffers at TimescaleDB's 25 %.
    dedicated_25pct_memory: intervalForIndexBudget(at20k.index_bytes_per_day, memory * 0.25),
    // What the default city's 0.5 GB target would give: far too many chunks a day.
    half_gb_chunks: { minutes: Math.round(((TARGET_MAX_BYTES / at20k.bytes_per_day) * 86_400) / 60 * 10) / 10 },
  };

  // ------------------------------------------------------------------------------------------------
  const f = (bytes) => (bytes >= GB ? `${(bytes / GB).toFixed(2)} GB` : `${(bytes / MB).toFixed(1)} MB`);
  console.log('');
  console.log(`== Storage sizing on ${server}`);
  console.log(`   machine ${machine.cores} cores (${machine.cpu}), ${machine.mem_gib} GiB; shared_buffers ${version.sb}; ${quick ? 'QUICK (a slice of each chunk)' : 'one whole chunk a table'}`);
  console.log(`   ${'table'.padEnd(22)} ${'rows'.padStart(9)} ${'fill'.padStart(5)} ${'B/row'.padStart(6)} ${'heap'.padStart(6)} ${'index'.padStart(6)} ${'rows/day'.padStart(10)} ${'per day'.padStart(9)} ${'ratio'.padStart(6)} ${'B/row c'.padStart(8)} ${'c/day'.padStart(9)}  chunk: now -> chosen`);
  for (const [table, t] of Object.entries(tables)) {
    const c = chosen[table];
    console.log(
      `   ${table.padEnd(22)} ${String(t.rows).padStart(9)} ${t.chunk_fill.toFixed(2).padStart(5)} ${String(t.bytes_per_row).padStart(6)} ${String(t.heap_bytes_per_row).padStart(6)} ${String(t.index_bytes_per_row).padStart(6)} ${String(t.rows_per_day).padStart(10)} ${f(t.bytes_per_day).padStart(9)} ${String(t.compression.ratio).padStart(6)} ${String(t.compression.bytes_per_row_after).padStart(8)} ${f(t.compressed_bytes_per_day).padStart(9)}  ${c.current} (${f(c.current_chunk_bytes)}) -> ${c.interval} (${f(c.chunk_bytes)})${c.changed ? ' CHANGED' : ''}`,
    );
  }
  const totalDay = Object.values(tables).reduce((s, t) => s + t.bytes_per_day, 0);
  const totalCompressedDay = Object.values(tables).reduce((s, t) => s + t.compressed_bytes_per_day, 0);
  console.log(`   default city: ${f(totalDay)} a day uncompressed, ${f(totalCompressedDay)} compressed; indexes of the chunks being written at the chosen intervals ${f(activeIndexBytes)} (shared_buffers ${version.sb})`);
  console.log(`   20,000 events/s (${TRUCKS_20K} trucks x ${HZ_20K} Hz, ${at20k.rows} rows): ${at20k.bytes_per_row} B a row (index ${at20k.index_bytes_per_row}), ${f(at20k.bytes_per_day)} a day, compressed ${at20k.compression.bytes_per_row_after} B a row (ratio ${at20k.compression.ratio})`);
  console.log(`      truck chunk whose indexes fit shared_buffers ${version.sb}: ${chosen20k.stack_shared_buffers.interval}; in 25 % of ${machine.mem_gib} GiB: ${chosen20k.dedicated_25pct_memory.interval}; a 0.5 GB chunk would last ${chosen20k.half_gb_chunks.minutes} min`);
  console.log(`   compression of truck_readings (${tables.truck_readings.rows} rows; timings on 2 cores shared with other runs):`);
  const variants = { current: tables.truck_readings.compression, ...Object.fromEntries(Object.entries(alternatives).filter(([, a]) => a.table === 'truck_readings')) };
  for (const [name, a] of Object.entries(variants)) {
    console.log(`      ${name.padEnd(20)} segmentby ${a.segmentby.padEnd(9)} orderby ${a.orderby.padEnd(40)} ratio ${String(a.ratio).padStart(5)}  ${String(a.bytes_per_row_after).padStart(6)} B/row  compress ${a.compress_ms} ms  track 1 h p50 ${track[name === 'current' ? 'compressed' : name].p50_ms} ms`);
  }
  console.log(`      uncompressed: track 1 h p50 ${track.uncompressed.p50_ms} ms (${track.uncompressed.points} points)`);
  const b = alternatives.bike_no_segmentby;
  const seekText = (x) => (x.p50_ms === null ? x.note : `${x.p50_ms} ms`);
  console.log(`   compression of bike_events: segmentby bike_id ratio ${tables.bike_events.compression.ratio} (${tables.bike_events.compression.bytes_per_row_after} B/row), bike seek p50 ${seekText(bikeSeek.compressed)}; no segmentby, orderby ${b.orderby}: ratio ${b.ratio} (${b.bytes_per_row_after} B/row), bike seek p50 ${seekText(bikeSeek.bike_no_segmentby)}`);
  console.log(`      uncompressed: bike seek p50 ${seekText(bikeSeek.uncompressed)} (${bikeSeek.uncompressed.bikes} bikes; state.bikes.sql, all pages)`);

  const round1 = (x) => Math.round(x * 10) / 10;
  const result = {
    bench: 'storage-sizing',
    mode: quick ? 'quick' : 'full',
    date: new Date().toISOString(),
    machine: { ...machine, shared_buffers: version.sb },
    server,
    bytes_per_row: Object.fromEntries(Object.entries(tables).map(([k, t]) => [k, t.bytes_per_row])),
    bytes_per_day_default_city: { ...Object.fromEntries(Object.entries(tables).map(([k, t]) => [k, t.bytes_per_day])), total: totalDay, total_compressed: totalCompressedDay },
    bytes_per_day_20k: { truck_readings: at20k.bytes_per_day, compressed: Math.round(at20k.compression.bytes_per_row_after * EVENTS_20K * 86_400), bytes_per_row: at20k.bytes_per_row },
    compression_ratio: {
      ...Object.fromEntries(Object.entries(tables).map(([k, t]) => [k, t.compression.ratio])),
      truck_readings_20k: at20k.compression.ratio,
      alternatives: Object.fromEntries(Object.entries(alternatives).map(([k, a]) => [k, { segmentby: a.segmentby, orderby: a.orderby, ratio: a.ratio, bytes_per_row_after: a.bytes_per_row_after }])),
    },
    chosen_chunk_interval: {
      default_city: Object.fromEntries(Object.entries(chosen).map(([k, c]) => [k, c.interval])),
      changed: Object.entries(chosen).filter(([, c]) => c.changed).map(([k, c]) => `${k}: ${c.current} -> ${c.interval}`),
      truck_readings_20k: { stack_shared_buffers: chosen20k.stack_shared_buffers.interval, dedicated_25pct_memory: chosen20k.dedicated_25pct_memory.interval },
      target: 'default city: chunks (heap + indexes) of 0.3-0.5 GB, capped at 7 days (alert_events 30); 20,000/s: the truck chunk indexes fit shared_buffers',
    },
    track_1h_ms: { note: 'p50 on 2 shared cores: indicative only', ...Object.fromEntries(Object.entries(track).map(([k, v]) => [k, v.p50_ms])) },
    bike_seek_ms: { note: 'p50 on 2 shared cores: indicative only; null = over 120 s', ...Object.fromEntries(Object.entries(bikeSeek).map(([k, v]) => [k, v.p50_ms])) },
    detail: { tables, at_20k: at20k, alternatives, chunk_choice: chosen, chunk_choice_20k: chosen20k, active_index_bytes: Math.round(activeIndexBytes), per_day_gb: round1(totalDay / GB) },
  };
  writeFileSync(path.join(dataDir, 'result.json'), `${JSON.stringify(result)}\n`);
  console.log('');
  console.log(JSON.stringify(result));
}

async function cleanUp() {
  await db?.end().catch(() => undefined);
  db = null;
  if (started) {
    started = false;
    try {
      pgStack('stop');
    } catch {
      // best effort
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    say(`${signal}: stopping the bench's PostgreSQL`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main().then(
  async () => {
    await cleanUp();
    process.exit(0);
  },
  async (error) => {
    say(`failed: ${error.stack ?? error.message}`);
    await cleanUp();
    process.exit(1);
  },
);
