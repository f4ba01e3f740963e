#!/usr/bin/env node
// The walking skeleton's benchmark: simulator -> Kafka -> ingest -> PostgreSQL,
// and Kafka -> realtime -> socket client, at rising truck counts.
//
// Per level it prints the offered rate, events/s written to the database, loss
// (records the broker accepted minus rows stored; must be 0), how long the
// database took to catch up after the producer stopped, live latency p50/p99
// (device fix time -> receipt by 10 socket.io clients decoding the same binary
// frames the browser does; `--clients=N` to change), bytes/s per client and peak
// RSS per service; then the default city with the same clients on every layer. The last line is one JSON
// object (keys events_per_s, loss, latency_p50_ms, latency_p99_ms, rss_mb, ...).
//
// The database is made anew each run in the mode --db-mode=auto|plain|timescaledb asks for (DB_MODE,
// README "Database modes"; auto takes TimescaleDB where the server preloads it); every figure's `server`
// says which server and mode it was measured on.
//
// Usage: npm run bench [-- --quick] [-- --soak] [-- --db-mode=plain] [-- --profile=DIR]; node bench/pipeline.bench.mjs --top   (expects a prior build; npm run bench does it)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitAfterFailure, serviceStarter, stackScripts, stopChild, waitHealthy as waitForHealth } from './bench-stack.mjs';
import { openLiveClients } from './live-clients.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { Kafka, logLevel } = require('kafkajs');
const { Client } = require('pg');
const proto = require(path.join(ROOT, 'proto/dist/index.js'));
const { signLiveToken } = require(path.join(ROOT, 'services/common/dist/index.js'));
const { LiveFrameSchema, TOPIC_TRUCK_READINGS } = proto;

// The default city's streams: topic -> table the ingest stores it in.
const CITY_STREAMS = [
  [proto.TOPIC_TRUCK_READINGS, 'truck_readings'],
  [proto.TOPIC_BIKE_EVENTS, 'bike_events'],
  [proto.TOPIC_BOAT_READINGS, 'boat_readings'],
  [proto.TOPIC_SIGNAL_PHASES, 'signal_phase_changes'],
  [proto.TOPIC_CORRIDOR_OBSERVATIONS, 'corridor_observations'],
  [proto.TOPIC_AMBULANCE_READINGS, 'ambulance_readings'],
  [proto.TOPIC_EMERGENCY_CALLS, 'emergency_call_events'],
];
// Truck-only levels: the other fleets off, so the figures are the truck pipeline's.
const TRUCKS_ONLY = { SIM_BIKES: '0', SIM_BOATS: '0', SIM_SIGNALS_ENABLED: 'false', SIM_AMBULANCES_ENABLED: 'false' };

const args = new Set(process.argv.slice(2));
// DESIGN.md's live target is measured with 10 connected clients.
const LIVE_CLIENTS = Number(process.argv.find((a) => a.startsWith('--clients='))?.slice('--clients='.length) ?? 10);
const quick = args.has('--quick');
const soak = args.has('--soak');
// --profile=DIR: every service writes a V8 CPU profile there when it stops (open in Chrome DevTools).
const PROFILE_DIR = process.argv.find((a) => a.startsWith('--profile='))?.slice('--profile='.length);
const DB_MODE = process.argv.find((a) => a.startsWith('--db-mode='))?.slice('--db-mode='.length) ?? 'auto';
if (!['auto', 'plain', 'timescaledb'].includes(DB_MODE)) throw new Error(`--db-mode must be auto, plain or timescaledb (got ${DB_MODE})`);

// Offered load per level: trucks x readings per truck per second.
// --top: only the 20,000 events/s level, for 60 s (the target level alone, longer than --quick's 20 s).
const LEVELS = args.has('--top')
  ? [{ trucks: 10_000, hz: 2, seconds: 60 }]
  : soak
  ? [{ trucks: 10_000, hz: 2, seconds: 600 }]
  : quick
    ? [
        { trucks: 120, hz: 1, seconds: 10 },
        { trucks: 2_000, hz: 2, seconds: 12 },
        { trucks: 5_000, hz: 2, seconds: 15 },
        { trucks: 10_000, hz: 2, seconds: 20 },
      ]
    : [
        { trucks: 120, hz: 1, seconds: 30 },
        { trucks: 2_000, hz: 2, seconds: 60 },
        { trucks: 5_000, hz: 2, seconds: 60 },
        { trucks: 10_000, hz: 2, seconds: 90 },
        { trucks: 10_000, hz: 3, seconds: 60 },
      ];
const TARGET_EVENTS_PER_S = 20_000;
const TARGET_LATENCY_P99_MS = 250;
const TARGET_RSS_MB = 512;

const dataDir = path.join(ROOT, '.data/bench');
const logDir = path.join(dataDir, 'logs');
mkdirSync(logDir, { recursive: true });
const ports = { KAFKA_PORT: 49092, KAFKA_CONTROLLER_PORT: 49093, PG_PORT: 55435, INGEST: 3202, REALTIME: 3201, SIMULATOR: 3203 };
const infraEnv = { ...process.env, UB_DATA_DIR: dataDir, KAFKA_PORT: String(ports.KAFKA_PORT), KAFKA_CONTROLLER_PORT: String(ports.KAFKA_CONTROLLER_PORT), PG_PORT: String(ports.PG_PORT) };
const brokers = `127.0.0.1:${ports.KAFKA_PORT}`;
const databaseUrl = `postgres://urban:urban@127.0.0.1:${ports.PG_PORT}/urban_brain`;
// The gateway checks a token signed with this at the handshake (what the api's POST /api/live/tokens issues).
const LIVE_TOKEN_SECRET = randomBytes(32).toString('hex');
const serviceEnv = { ...process.env, KAFKA_BROKERS: brokers, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', LIVE_TOKEN_SECRET };
const liveUrl = `http://127.0.0.1:${ports.REALTIME}`;
// The socket handshake's auth: a token signed here with the shared secret, as the api would.
const liveAuth = async () => ({ token: signLiveToken(LIVE_TOKEN_SECRET, { sub: 'bench', role: 'operator' }, Date.now(), 3_600_000).token });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (message) => process.stderr.write(`[bench] ${message}\n`);

const stack = stackScripts(infraEnv);

const children = new Set();

// A CPU profile per service with --profile=DIR (node --cpu-prof).
const startService = serviceStarter({
  serviceEnv,
  logDir,
  children,
  nodeArgs: (name) => (PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`, `--cpu-prof-name=${name}.${Date.now()}.cpuprofile`] : []),
});

const waitHealthy = (port, name, timeoutMs) => waitForHealth(port, name, logDir, timeoutMs);

/** Resident set size in MiB from /proc (Linux). */
function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(status.match(/VmRSS:\s+(\d+) kB/)[1]) / 1024;
  } catch {
    return 0;
  }
}

// CPU seconds used so far (user + system) by the processes whose command line matches, from /proc
// (Linux; clock ticks at 100 Hz): the services by pid, the broker and every PostgreSQL backend by name.
function cpuSeconds(match) {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (!match(pid, cmdline)) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // gone meanwhile
    }
  }
  return ticks / 100;
}

function cpuByProcess(pids) {
  const pg = `-D ${path.join(dataDir, 'pg/data')}`;
  return {
    ...Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds((p) => Number(p) === pid)])),
    kafka: cpuSeconds((_p, cmd) => cmd.includes('kafka.Kafka') && cmd.includes(dataDir)),
    // The postmaster and its backends and workers (their command lines are rewritten: match the port).
    postgres: cpuSeconds((p, cmd) => cmd.includes(pg) || isOurBackend(p)),
  };
}

// A PostgreSQL child of this bench's postmaster.
function isOurBackend(pid) {
  try {
    const ppid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
    const parent = readFileSync(`/proc/${ppid}/cmdline`, 'utf8');
    return parent.includes(path.join(dataDir, 'pg/data'));
  } catch {
    return false;
  }
}

async function topicEndOffsets(admin, topic = TOPIC_TRUCK_READINGS) {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high), 0);
}

async function countRows(db, table) {
  return Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
}

/**
 * The default city as `npm start` runs it (120 trucks, 11,000 bikes, 12 boats, 14
 * corridors) for `seconds`: per stream, records accepted by the broker vs rows stored.
 */
async function measureDefaultCity(db, admin, seconds, ports) {
  for (const [, table] of CITY_STREAMS) await db.query(`TRUNCATE ${table}`);
  const before = Object.fromEntries(await Promise.all(CITY_STREAMS.map(async ([topic]) => [topic, await topicEndOffsets(admin, topic)])));
  // The wall's view: every layer, whole city, LIVE_CLIENTS screens at once.
  const clients = await openLiveClients({ url: liveUrl, count: LIVE_CLIENTS, layers: ['trucks', 'bikes', 'boats', 'corridors'], schema: LiveFrameSchema, auth: liveAuth });
  const simulator = startService('simulator', { HTTP_PORT: String(ports.SIMULATOR) });
  await waitHealthy(ports.SIMULATOR, 'simulator');
  // The first seconds carry the 11,000 bikes' start-up announcements and JIT warm-up.
  await sleep(5000);
  clients.reset();
  const start = Date.now();
  let peakRss = 0;
  while (Date.now() - start < seconds * 1000) {
    peakRss = Math.max(peakRss, rssMb(simulator.pid));
    await sleep(1000);
  }
  const live = clients.collect((Date.now() - start) / 1000);
  const liveClients = clients.subscribedCount();
  clients.close();
  await stopChild(simulator);
  const streams = {};
  for (const [topic, table] of CITY_STREAMS) {
    const produced = (await topicEndOffsets(admin, topic)) - before[topic];
    const deadline = Date.now() + 60_000;
    let stored = await countRows(db, table);
    while (stored < produced && Date.now() < deadline) {
      await sleep(200);
      stored = await countRows(db, table);
    }
    streams[table] = { produced, stored, loss: produced - stored };
  }
  return {
    seconds,
    streams,
    simulator_rss_mb: Math.round(peakRss),
    live: {
      clients: liveClients,
      latency_p50_ms: live.latency.p50,
      latency_p99_ms: live.latency.p99,
      latency_samples: live.latency.count,
      bytes_per_s_per_client: Math.round(live.bytesPerSecondPerClient),
    },
  };
}

async function main() {
  say(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
  stack('postgres.sh', 'start');
  stack('kafka.sh', 'start');
  // A new database each run: the mode is decided at a database's first migration.
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

  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query('TRUNCATE truck_readings');
  const kafka = new Kafka({ clientId: 'bench', brokers: [brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();

  const ingest = startService('ingest', { HTTP_PORT: String(ports.INGEST) });
  const realtime = startService('realtime', { HTTP_PORT: String(ports.REALTIME), REALTIME_STALE_AFTER_S: '30' });
  await waitHealthy(ports.INGEST, 'ingest');
  await waitHealthy(ports.REALTIME, 'realtime');

  // LIVE_CLIENTS live clients: same binary frames and decoding as the browser.
  const clients = await openLiveClients({ url: liveUrl, count: LIVE_CLIENTS, layers: ['trucks'], schema: LiveFrameSchema, auth: liveAuth });

  const results = [];
  for (const level of LEVELS) {
    const offered = level.trucks * level.hz;
    say(`level: ${level.trucks} trucks x ${level.hz} Hz = ${offered} events/s offered, ${level.seconds}s`);
    await db.query('TRUNCATE truck_readings');
    const offsetsBefore = await topicEndOffsets(admin);
    const peak = { ingest: 0, realtime: 0, simulator: 0 };
    const simulator = startService('simulator', {
      ...TRUCKS_ONLY,
      HTTP_PORT: String(ports.SIMULATOR),
      SIM_TRUCKS: String(level.trucks),
      SIM_RATE_HZ: String(level.hz),
      SIM_SEED: String(results.length + 1),
    });
    await waitHealthy(ports.SIMULATOR, 'simulator');
    // Let the first seconds (JIT, consumer fetch ramp) pass before measuring latency.
    await sleep(3000);
    clients.reset();
    const cpuBefore = cpuByProcess({ ingest: ingest.pid, realtime: realtime.pid, simulator: simulator.pid });
    const measureStart = Date.now();
    while (Date.now() - measureStart < level.seconds * 1000) {
      for (const [name, child] of [['ingest', ingest], ['realtime', realtime], ['simulator', simulator]]) {
        peak[name] = Math.max(peak[name], rssMb(child.pid));
      }
      await sleep(1000);
    }
    const measuredSeconds = (Date.now() - measureStart) / 1000;
    const cpuAfter = cpuByProcess({ ingest: ingest.pid, realtime: realtime.pid, simulator: simulator.pid });
    const cpu = Object.fromEntries(Object.keys(cpuAfter).map((k) => [k, cpuAfter[k] - cpuBefore[k]]));
    const live = clients.collect(measuredSeconds);
    const bytesPerSecond = live.bytesPerSecondPerClient;
    await stopChild(simulator);
    const produced = (await topicEndOffsets(admin)) - offsetsBefore;

    // Catch-up: time from the producer stopping until every accepted record is a row.
    const drainStart = Date.now();
    let stored = 0;
    while (Date.now() - drainStart < 120_000) {
      stored = Number((await db.query('SELECT count(*) AS n FROM truck_readings')).rows[0].n);
      if (stored >= produced) break;
      await sleep(200);
    }
    const drainMs = Date.now() - drainStart;
    // Rows committed after the first transaction, over the time from it to the last one.
    const span = (
      await db.query(
        `SELECT count(*) FILTER (WHERE ingested_at > first) AS n, extract(epoch FROM max(ingested_at) - first) AS s
           FROM truck_readings, (SELECT min(ingested_at) AS first FROM truck_readings) f GROUP BY first`,
      )
    ).rows[0];
    const eventsPerSecond = span && Number(span.s) > 0 ? Math.round(Number(span.n) / Number(span.s)) : null;
    const duplicates = Number(
      (await db.query('SELECT count(*) - count(DISTINCT (truck_id, seq)) AS d FROM truck_readings')).rows[0].d,
    );
    const result = {
      trucks: level.trucks,
      hz: level.hz,
      offered_per_s: offered,
      produced,
      stored,
      loss: produced - stored,
      duplicates,
      events_per_s: eventsPerSecond,
      catch_up_ms: drainMs,
      latency_p50_ms: live.latency.p50,
      latency_p99_ms: live.latency.p99,
      latency_samples: live.latency.count,
      fix_to_gateway_p50_ms: live.toGateway.p50,
      fix_to_gateway_p99_ms: live.toGateway.p99,
      gateway_to_client_p50_ms: live.gatewayToClient.p50,
      gateway_to_client_p99_ms: live.gatewayToClient.p99,
      live_clients: clients.subscribedCount(),
      live_bytes_per_s: Math.round(bytesPerSecond),
      rss_mb: Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, Math.round(v)])),
      // CPU over the measured window, as cores busy and as microseconds per offered event.
      cpu_cores: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Math.round((v / measuredSeconds) * 100) / 100])),
      // (events = the stored rate over the window: the producer's real pace, not the offered one)
      cpu_us_per_event: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, eventsPerSecond ? Math.round((v * 1e6) / (eventsPerSecond * measuredSeconds)) : null])),
    };
    results.push(result);
    console.log(
      `${String(level.trucks).padStart(6)} trucks x ${level.hz} Hz | offered ${String(offered).padStart(6)}/s | stored ${String(eventsPerSecond).padStart(6)}/s | ` +
        `loss ${result.loss} dup ${duplicates} | catch-up ${drainMs} ms | live p50 ${result.latency_p50_ms} ms p99 ${result.latency_p99_ms} ms ` +
        `(to gateway p99 ${result.fix_to_gateway_p99_ms}, gateway to client p99 ${result.gateway_to_client_p99_ms}) | ` +
        `${Math.round(bytesPerSecond / 1024)} KiB/s per client (${result.live_clients} clients) | CPU us/event ${Object.entries(result.cpu_us_per_event).map(([k, v]) => `${k} ${v}`).join(' ')} | RSS ingest ${result.rss_mb.ingest} realtime ${result.rss_mb.realtime} simulator ${result.rss_mb.simulator} MiB`,
    );
  }

  say(`default city (npm start's fleets) for ${quick ? 20 : 120}s`);
  const city = await measureDefaultCity(db, admin, quick ? 20 : 120, ports);
  for (const [table, r] of Object.entries(city.streams)) {
    console.log(`default city | ${table.padEnd(22)} | produced ${String(r.produced).padStart(6)} | stored ${String(r.stored).padStart(6)} | loss ${r.loss}`);
  }
  const cityRss = { ingest: Math.round(rssMb(ingest.pid)), realtime: Math.round(rssMb(realtime.pid)), simulator: city.simulator_rss_mb };
  console.log(
    `default city | live, ${city.live.clients} clients on every layer: p50 ${city.live.latency_p50_ms} ms p99 ${city.live.latency_p99_ms} ms ` +
      `(${city.live.latency_samples} samples) | ${Math.round(city.live.bytes_per_s_per_client / 1024)} KiB/s per client`,
  );
  console.log(`default city | RSS now: ingest ${cityRss.ingest}, realtime ${cityRss.realtime}, simulator peak ${cityRss.simulator} MiB`);

  clients.close();
  await stopChild(ingest);
  await stopChild(realtime);
  await admin.disconnect();
  await db.end();
  stack('kafka.sh', 'stop');
  stack('postgres.sh', 'stop');

  // Headline: the highest level, against DESIGN.md's targets.
  const top = results[results.length - 1];
  const rss = Object.fromEntries(['ingest', 'realtime', 'simulator'].map((k) => [k, Math.max(...results.map((r) => r.rss_mb[k]))]));
  console.log('');
  console.log(`server: ${server}`);
  console.log(`targets: >= ${TARGET_EVENTS_PER_S} events/s (got ${top.events_per_s} at ${top.offered_per_s} offered), loss 0 (got ${results.reduce((s, r) => s + r.loss, 0)}), ` +
    `live p99 <= ${TARGET_LATENCY_P99_MS} ms (got ${top.latency_p99_ms}), RSS <= ${TARGET_RSS_MB} MiB (max ${Math.max(...Object.values(rss))})`);
  console.log(
    JSON.stringify({
      mode: soak ? 'soak' : quick ? 'quick' : 'full',
      date: new Date().toISOString(),
      server,
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, mem_gib: Math.round(os.totalmem() / 2 ** 30) },
      events_per_s: top.events_per_s,
      loss: results.reduce((s, r) => s + r.loss, 0) + Object.values(city.streams).reduce((s, r) => s + r.loss, 0),
      latency_p50_ms: top.latency_p50_ms,
      latency_p99_ms: top.latency_p99_ms,
      rss_mb: rss,
      levels: results,
      default_city: { ...city, rss_mb: cityRss },
    }),
  );
}

main().catch(exitAfterFailure({ say, children, stack }));
