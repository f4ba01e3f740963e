#!/usr/bin/env node
// Alert latency (issue 13, DESIGN.md "Performance targets": reading -> alert in a connected console
// p99 <= 1 s, <= 2 s at 20,000 events/s offered).
//
// Its own stack (Kafka + PostgreSQL in .data/bench-alerts, its own ports, migrations on a fresh
// database), the services from dist: ingest, alerting (the rules service), realtime, the simulator.
// A console client (socket.io, a live token signed as the api would) emits `alerts` and decodes the
// `alerts` events (AlertBatch). Triggers are BoatReadings produced to ub.boat.readings.v1 for boats
// of the bench's own (bench-boat-<level>-NNN, each a new boat so each raise is a new alert) on
// Tianchenghu lake with battery_pct 5 while SWEEPING: the default rule `boat.battery-critical` (below
// 10 %, no hold time) raises on that one reading. Latency = arrival of the RAISED change at the
// console minus the reading's device time (recorded_at_ms, stamped just before it is produced).
//
// Flood control: the rule file allows 60 raises per rule per minute (and 200 per fleet). The bench
// runs the default rule set with only those two limits raised for `boat.battery-critical` and the
// boats fleet (a copy in .data/bench-alerts/rules.yaml), so it can send 4 triggers a second;
// --default-rules runs the file as it is and paces the triggers under its limit (0.9 a second).
//
// Two levels: the default city (the simulator's default fleets, SIM_BACKFILL=off) and 20,000 events/s
// offered (the simulator with trucks only, 10,000 trucks x 2 Hz, the pipeline bench's top level). The
// rules service reads every fleet stream, so at 20,000/s it evaluates every truck reading too.
//
// Besides the end-to-end figure each level splits the time at the outbox relay: a bench consumer of
// ub.alerts.v1 reads each RAISED record's broker timestamp (the relay's send time) and its own
// receipt, so reading -> published (alerting's fetch, rules, the transaction, the relay), published
// -> read from Kafka, and read -> console (realtime's alert consumer and its tick) are reported.
//
// Usage: node bench/alert-latency.bench.mjs [--quick] [--default-rules] [--level=city|20k] [--db-mode=auto|plain|timescaledb]
//        (expects a prior build: npm run build). The last line is JSON: {"alert_p50_ms", "alert_p99_ms",
//        "alert_samples", "alert_p50_ms_20k", "alert_p99_ms_20k", "alert_samples_20k", "machine", ...}.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitAfterFailure, serviceStarter, stackScripts, stopChild, waitHealthy as waitForHealth } from './bench-stack.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { Kafka, logLevel } = require('kafkajs');
const { Client } = require('pg');
const { io } = require('socket.io-client');
const { create, toBinary, fromBinary } = require('@bufbuild/protobuf');
const proto = require(path.join(ROOT, 'proto/dist/index.js'));
const { signLiveToken } = require(path.join(ROOT, 'services/common/dist/index.js'));
const { loadCityPack, DEFAULT_CITY_PACK_DIR } = require(path.join(ROOT, 'services/city-pack/dist/index.js'));
const { parseRuleSet } = require(path.join(ROOT, 'services/alerting/dist/rules/rule-set.js'));
const { AlertBatchSchema, AlertChangeSchema, AlertChangeKind, BoatReadingSchema, BoatTaskState, TOPIC_BOAT_READINGS, TOPIC_ALERTS, TOPIC_TRUCK_READINGS } = proto;

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const defaultRules = args.has('--default-rules');
const DB_MODE = process.argv.find((a) => a.startsWith('--db-mode='))?.slice('--db-mode='.length) ?? 'auto';
if (!['auto', 'plain', 'timescaledb'].includes(DB_MODE)) throw new Error(`--db-mode must be auto, plain or timescaledb (got ${DB_MODE})`);

const RULE = 'boat.battery-critical';
// Triggers a second: under the rule's flood limit per minute (60 in the file as it is; 300 in the bench's copy).
const TRIGGERS_PER_S = defaultRules ? 0.9 : 4;
const TRIGGERS = quick ? 120 : 400;
// Triggers before the counted ones at each level (JIT, first fetches, the first relay round).
const WARM_UP_TRIGGERS = 5;
const TRUCKS_ONLY = { SIM_BIKES: '0', SIM_BOATS: '0', SIM_SIGNALS_ENABLED: 'false', SIM_AMBULANCES_ENABLED: 'false' };
const LEVELS = [
  { name: 'city', label: 'default city', env: { SIM_BACKFILL: 'off' }, settleS: quick ? 10 : 20 },
  // The pipeline bench's top level: 10,000 trucks x 2 Hz.
  { name: '20k', label: '20,000 events/s offered', env: { ...TRUCKS_ONLY, SIM_BACKFILL: 'off', SIM_TRUCKS: '10000', SIM_RATE_HZ: '2' }, settleS: quick ? 10 : 20, offered: 20_000 },
];
// --level=city or --level=20k: that level alone (the other's keys are null).
const ONLY = process.argv.find((a) => a.startsWith('--level='))?.slice('--level='.length);
if (ONLY && !LEVELS.some((l) => l.name === ONLY)) throw new Error(`--level must be ${LEVELS.map((l) => l.name).join(' or ')} (got ${ONLY})`);
const TARGET_P99_MS = { city: 1000, '20k': 2000 };
const WAIT_AFTER_LAST_MS = 15_000;

const dataDir = path.join(ROOT, '.data/bench-alerts');
const logDir = path.join(dataDir, 'logs');
mkdirSync(logDir, { recursive: true });
const ports = { KAFKA_PORT: 49292, KAFKA_CONTROLLER_PORT: 49293, PG_PORT: 55439, INGEST: 3231, REALTIME: 3232, SIMULATOR: 3233, ALERTING: 3234 };
const infraEnv = { ...process.env, UB_DATA_DIR: dataDir, KAFKA_PORT: String(ports.KAFKA_PORT), KAFKA_CONTROLLER_PORT: String(ports.KAFKA_CONTROLLER_PORT), PG_PORT: String(ports.PG_PORT) };
const brokers = `127.0.0.1:${ports.KAFKA_PORT}`;
const databaseUrl = `postgres://urban:urban@127.0.0.1:${ports.PG_PORT}/urban_brain`;
const LIVE_TOKEN_SECRET = randomBytes(32).toString('hex');
const serviceEnv = { ...process.env, KAFKA_BROKERS: brokers, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', LIVE_TOKEN_SECRET };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (message) => process.stderr.write(`[bench] ${message}\n`);
const stack = stackScripts(infraEnv);
const children = new Set();

const startService = serviceStarter({ serviceEnv, logDir, children });

const waitHealthy = (port, name, timeoutMs = 90_000) => waitForHealth(port, name, logDir, timeoutMs);


/** CPU seconds (user + system) of one process so far, from /proc (Linux, 100 Hz ticks). */
function cpuSecondsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Test runs or a stack of `npm start`/e2e on this machine now (their CPU would be measured too): their command lines. */
function othersRunning() {
  try {
    return execFileSync('pgrep', ['-fa', 'run-stack.mjs|vitest'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** CPU seconds of the bench's broker and of its PostgreSQL (the postmaster and every backend), by command line and parent. */
function infraCpuSeconds() {
  const pgData = path.join(dataDir, 'pg/data');
  let kafka = 0;
  let postgres = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
      if (cmdline.includes('kafka.Kafka') && cmdline.includes(dataDir)) kafka += seconds;
      else if (cmdline.includes(pgData) || readFileSync(`/proc/${fields[1]}/cmdline`, 'utf8').includes(pgData)) postgres += seconds;
    } catch {
      // gone meanwhile
    }
  }
  return { kafka, postgres };
}

/** The smallest value at or under which p % of the samples lie (nearest rank); null without samples. */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? null, count: sorted.length };
};

// Points on Tianchenghu lake (the city pack's water layer), deterministic.
const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);
const lake = pack.layers.water.find((w) => (w.properties?.id ?? w.id) === 'water:tianchenghu' && w.geometry.type === 'Polygon');
if (!lake) throw new Error('no water:tianchenghu polygon in the city pack');
const ring = lake.geometry.coordinates[0];
const box = ring.reduce((b, [x, y]) => [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)], [Infinity, Infinity, -Infinity, -Infinity]);
function insideRing([x, y]) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
let seed = 20_261_203;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
function onLake() {
  for (;;) {
    const p = [box[0] + random() * (box[2] - box[0]), box[1] + random() * (box[3] - box[1])];
    if (insideRing(p) && pack.inLake(p)) return p;
  }
}

/** The rule file the alerting service runs: the default set, with only the trigger rule's flood limits raised (unless --default-rules). */
function rulesFile() {
  const source = path.join(ROOT, 'services/alerting/rules/default.rules.yaml');
  if (defaultRules) return source;
  let text = readFileSync(source, 'utf8');
  const perRule = text.replace(/^( {2}perRule:\n)/m, `$1    # bench/alert-latency.bench.mjs: ${TRIGGERS_PER_S} triggers a second\n    ${RULE}: 300\n`);
  const perFleet = perRule.replace(/^( {2}perFleet:\n)/m, '$1    boats: 400\n');
  if (perFleet === perRule || perRule === text) throw new Error(`cannot find floodControl.perRule / perFleet in ${source}`);
  text = perFleet;
  const file = path.join(dataDir, 'rules.yaml');
  writeFileSync(file, text);
  const parsed = parseRuleSet(text, file, pack);
  say(`rules: ${parsed.rules.length} from ${path.relative(ROOT, source)}, flood limits raised for ${RULE} (300/min) and boats (400/min): ${path.relative(ROOT, file)}`);
  return file;
}

/** The console: one socket watching the city's alerts; the arrival time of each RAISED change by dedup key. */
async function openConsole() {
  const token = signLiveToken(LIVE_TOKEN_SECRET, { sub: 'bench-dispatcher', role: 'dispatcher' }, Date.now(), 3_600_000).token;
  const socket = io(`http://127.0.0.1:${ports.REALTIME}`, { transports: ['websocket'], auth: { token }, forceNew: true });
  const raisedAt = new Map();
  let watching = false;
  let batches = 0;
  socket.on('connect', () => socket.emit('alerts', {}, (ack) => (watching = Boolean(ack?.ok))));
  socket.on('alerts', (payload) => {
    const now = Date.now();
    const batch = fromBinary(AlertBatchSchema, payload instanceof Uint8Array ? payload : new Uint8Array(payload));
    batches++;
    if (batch.snapshot) return;
    for (const change of batch.changes) {
      if (change.change === AlertChangeKind.RAISED && !raisedAt.has(change.dedupKey)) raisedAt.set(change.dedupKey, { atMs: now, changedAtMs: Number(change.changedAtMs) });
    }
  });
  const deadline = Date.now() + 30_000;
  while (!watching && Date.now() < deadline) await sleep(100);
  if (!watching) throw new Error('the console could not watch alerts (no ack to `alerts`)');
  return { raisedAt, batches: () => batches, close: () => socket.close() };
}

/** A reader of ub.alerts.v1 beside the console: each RAISED record's broker timestamp (the relay's send) and receipt here. */
async function openAlertTap(kafka) {
  const consumer = kafka.consumer({ groupId: `bench-alert-tap-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 50 });
  const seen = new Map();
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPIC_ALERTS], fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const now = Date.now();
      const change = fromBinary(AlertChangeSchema, message.value);
      if (change.change === AlertChangeKind.RAISED && !seen.has(change.dedupKey)) seen.set(change.dedupKey, { publishedMs: Number(message.timestamp), readMs: now });
    },
  });
  const deadline = Date.now() + 30_000;
  while (!joined && Date.now() < deadline) await sleep(100);
  return { seen, close: () => consumer.disconnect() };
}

async function groupLag(admin, groupId, topic) {
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    return ends.reduce((sum, end) => {
      const c = committed.partitions.find((p) => p.partition === end.partition)?.offset;
      return sum + Math.max(0, Number(end.high) - (c === undefined || c === '-1' ? 0 : Number(c)));
    }, 0);
  } catch {
    return null;
  }
}

async function measureLevel(level, { producer, admin, consoleClient, tap, services }) {
  say(`level: ${level.label}; simulator starting`);
  const simulator = startService('simulator', { HTTP_PORT: String(ports.SIMULATOR), ...level.env });
  await waitHealthy(ports.SIMULATOR, 'simulator');
  await sleep(level.settleS * 1000);
  const procs = { ...services, simulator };
  const cpuNow = () => ({ ...Object.fromEntries(Object.entries(procs).map(([k, c]) => [k, cpuSecondsOf(c.pid)])), ...infraCpuSeconds() });
  const cpuBefore = cpuNow();
  // Whether something else was running: the 1-minute load average as the level starts (this stack's own share included).
  const loadBefore = os.loadavg()[0];
  const truckEndBefore = (await admin.fetchTopicOffsets(TOPIC_TRUCK_READINGS)).reduce((s, p) => s + Number(p.high), 0);
  const started = Date.now();
  const sent = new Map();
  const lag = [];
  const total = WARM_UP_TRIGGERS + TRIGGERS;
  say(`${level.name}: ${total} triggers (${WARM_UP_TRIGGERS} not counted) at ${TRIGGERS_PER_S}/s`);
  const intervalMs = 1000 / TRIGGERS_PER_S;
  for (let i = 0; i < total; i++) {
    const due = started + i * intervalMs;
    if (due > Date.now()) await sleep(due - Date.now());
    const boatId = `bench-boat-${level.name}-${String(i).padStart(3, '0')}`;
    const [lon, lat] = onLake();
    const recordedAtMs = Date.now();
    const reading = create(BoatReadingSchema, { boatId, seq: 1, recordedAtMs: BigInt(recordedAtMs), lon, lat, speedKmh: 3, headingDeg: Math.round(random() * 359), debrisKg: 20, batteryPct: 5, taskState: BoatTaskState.SWEEPING });
    // Not awaited: a slow acknowledgement must not delay the next trigger (its time counts in its latency).
    void producer
      .send({ topic: TOPIC_BOAT_READINGS, acks: -1, messages: [{ key: boatId, value: Buffer.from(toBinary(BoatReadingSchema, reading)), headers: { [proto.HEADER_CONTENT_TYPE]: proto.CONTENT_TYPE_PROTOBUF } }] })
      .then(() => sent.get(boatId) && (sent.get(boatId).ackedMs = Date.now()))
      .catch((error) => say(`trigger ${boatId} not produced: ${error.message}`));
    sent.set(boatId, { recordedAtMs, counted: i >= WARM_UP_TRIGGERS, ackedMs: null });
    if (i % Math.round(TRIGGERS_PER_S * 10) === 0) lag.push({ trucks: await groupLag(admin, 'ub-alerting', TOPIC_TRUCK_READINGS), boats: await groupLag(admin, 'ub-alerting', TOPIC_BOAT_READINGS) });
  }
  const keyOf = (boatId) => `${RULE}:${boatId}`;
  const deadline = Date.now() + WAIT_AFTER_LAST_MS;
  while (Date.now() < deadline && [...sent.keys()].some((b) => !consoleClient.raisedAt.has(keyOf(b)))) await sleep(200);
  const seconds = (Date.now() - started) / 1000;
  const cpuAfter = cpuNow();
  const cpu = Object.fromEntries(Object.keys(cpuAfter).map((k) => [k, Math.round(((cpuAfter[k] - cpuBefore[k]) / seconds) * 100) / 100]));
  const loadAfter = os.loadavg()[0];
  const others = othersRunning();
  if (others.length > 0) say(`${level.name}: other jobs running at the end of the level (the figures include their load): ${others.join(' | ')}`);
  const truckEvents = (await admin.fetchTopicOffsets(TOPIC_TRUCK_READINGS)).reduce((s, p) => s + Number(p.high), 0) - truckEndBefore;
  await stopChild(simulator);

  const total_ms = [];
  const toPublished = [];
  const publishedToRead = [];
  const readToConsole = [];
  const toBroker = [];
  let missing = 0;
  for (const [boatId, s] of sent) {
    if (!s.counted) continue;
    const arrived = consoleClient.raisedAt.get(keyOf(boatId));
    if (!arrived) {
      missing++;
      continue;
    }
    total_ms.push(arrived.atMs - s.recordedAtMs);
    if (s.ackedMs) toBroker.push(s.ackedMs - s.recordedAtMs);
    const tapped = tap.seen.get(keyOf(boatId));
    if (tapped) {
      toPublished.push(tapped.publishedMs - s.recordedAtMs);
      publishedToRead.push(tapped.readMs - tapped.publishedMs);
      readToConsole.push(arrived.atMs - tapped.readMs);
    }
  }
  const result = {
    level: level.name,
    offered_per_s: level.offered ?? null,
    truck_events_per_s: Math.round(truckEvents / seconds),
    triggers: TRIGGERS,
    missing,
    latency: summary(total_ms),
    stages: {
      reading_to_broker_ack: summary(toBroker),
      reading_to_published: summary(toPublished),
      published_to_kafka_reader: summary(publishedToRead),
      kafka_reader_to_console: summary(readToConsole),
    },
    alerting_lag: {
      trucks_max: Math.max(0, ...lag.map((l) => l.trucks ?? 0)),
      boats_max: Math.max(0, ...lag.map((l) => l.boats ?? 0)),
    },
    cpu_cores: cpu,
    others_running: others.length,
    load_avg_1m: { start: Math.round(loadBefore * 100) / 100, end: Math.round(loadAfter * 100) / 100 },
  };
  const st = result.stages;
  console.log(
    `${level.label.padEnd(24)} | reading -> console p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms max ${result.latency.max} ms (${result.latency.count} of ${TRIGGERS}, ${missing} missing) ` +
      `| target p99 <= ${TARGET_P99_MS[level.name]} ms: ${result.latency.p99 !== null && result.latency.p99 <= TARGET_P99_MS[level.name] && missing === 0 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `${''.padEnd(24)} | stages p50/p99 ms: reading -> broker ack ${st.reading_to_broker_ack.p50}/${st.reading_to_broker_ack.p99}, reading -> relay published ${st.reading_to_published.p50}/${st.reading_to_published.p99}, ` +
      `published -> read from Kafka ${st.published_to_kafka_reader.p50}/${st.published_to_kafka_reader.p99}, read -> console ${st.kafka_reader_to_console.p50}/${st.kafka_reader_to_console.p99}`,
  );
  console.log(
    `${''.padEnd(24)} | trucks ${result.truck_events_per_s}/s; alerting group lag max: trucks ${result.alerting_lag.trucks_max}, boats ${result.alerting_lag.boats_max} records; ` +
      `CPU cores: ${Object.entries(cpu).map(([k, v]) => `${k} ${v}`).join(', ')}; load average (1 min) ${result.load_avg_1m.start} -> ${result.load_avg_1m.end}`,
  );
  return result;
}

async function main() {
  const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model, mem_gib: Math.round(os.totalmem() / 2 ** 30) };
  say(`machine: ${machine.cores} cores (${machine.cpu ?? 'unknown'}), ${machine.mem_gib} GiB`);
  const ALERTING_RULES_FILE = rulesFile();
  // A new broker each run: the alerts topic and the rules service's committed offsets start empty, so nothing of an earlier run is raised again.
  try {
    stack('kafka.sh', 'stop');
  } catch {
    // not running
  }
  rmSync(path.join(dataDir, 'kafka'), { recursive: true, force: true });
  stack('postgres.sh', 'start');
  stack('kafka.sh', 'start');
  const admin0 = new Client({ connectionString: databaseUrl.replace(/\/urban_brain$/, '/postgres') });
  await admin0.connect();
  await admin0.query('DROP DATABASE IF EXISTS urban_brain WITH (FORCE)');
  await admin0.query('CREATE DATABASE urban_brain OWNER urban');
  await admin0.end();
  const migrated = execFileSync('node', [path.join(ROOT, 'services/common/dist/database/migrate.cli.js')], {
    env: { ...serviceEnv, DB_MODE, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const server = migrated.match(/^Database mode: (.*)$/m)?.[1] ?? 'unknown';
  say(`database mode: ${server}`);

  const kafka = new Kafka({ clientId: 'bench-alerts', brokers: [brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();

  const services = {
    ingest: startService('ingest', { HTTP_PORT: String(ports.INGEST) }),
    alerting: startService('alerting', { HTTP_PORT: String(ports.ALERTING), ALERTING_RULES_FILE }),
    realtime: startService('realtime', { HTTP_PORT: String(ports.REALTIME) }),
  };
  await waitHealthy(ports.INGEST, 'ingest');
  await waitHealthy(ports.REALTIME, 'realtime');
  await waitHealthy(ports.ALERTING, 'alerting');
  const consoleClient = await openConsole();
  const tap = await openAlertTap(kafka);

  const levels = {};
  for (const level of LEVELS.filter((l) => !ONLY || l.name === ONLY)) levels[level.name] = await measureLevel(level, { producer, admin, consoleClient, tap, services });

  consoleClient.close();
  await tap.close();
  await producer.disconnect();
  await admin.disconnect();
  for (const child of Object.values(services)) await stopChild(child);
  stack('kafka.sh', 'stop');
  stack('postgres.sh', 'stop');

  const none = { latency: { p50: null, p99: null, count: 0 }, missing: null };
  const { city = none, '20k': top = none } = levels;
  console.log('');
  console.log(`server: ${server}; rules: ${defaultRules ? 'the default file as it is' : `the default set, flood limits of ${RULE} and boats raised`}; ${TRIGGERS} triggers a level at ${TRIGGERS_PER_S}/s`);
  console.log(
    `targets: reading -> console p99 <= ${TARGET_P99_MS.city} ms at the default city (got ${city.latency.p99}), <= ${TARGET_P99_MS['20k']} ms at 20,000 events/s (got ${top.latency.p99})`,
  );
  console.log(
    JSON.stringify({
      bench: 'alert-latency',
      mode: quick ? 'quick' : 'full',
      date: new Date().toISOString(),
      server,
      machine,
      rules: defaultRules ? 'default' : 'default+flood-limits-raised',
      triggers_per_s: TRIGGERS_PER_S,
      alert_p50_ms: city.latency.p50,
      alert_p99_ms: city.latency.p99,
      alert_samples: city.latency.count,
      alert_missing: city.missing,
      alert_p50_ms_20k: top.latency.p50,
      alert_p99_ms_20k: top.latency.p99,
      alert_samples_20k: top.latency.count,
      alert_missing_20k: top.missing,
      alert_levels: levels,
    }),
  );
}

main().catch(exitAfterFailure({ say, children, stack }));
