#!/usr/bin/env node
// Backtest throughput: events per second through the alerting service's default rule set by the
// backtest's own path: the fleet topics read from the offsets of the window's start in a throwaway
// consumer group, partitions merged into one clock, each record decoded and checked as the live
// consumer does, then the engine in dry-run (services/alerting/src/backtest: sliceTopic,
// KafkaWindowSource, BacktestReplay, AlertBook).
//
// The recorded window is produced first into topics of this run (deleted after), shaped like the
// default city: 120 trucks, 12 boats and 40 ambulances at 1 Hz, 11,000 bikes announced once then 40
// events a simulated second, phase changes, corridor windows and calls; record timestamps are the
// readings' own times, two hours ago, so the window is found by time as a real backtest finds it.
//
// Usage: node bench/backtest.bench.mjs [--seconds=2400] [--passes=3] [--profile] [--quick: 400 s, one pass]   (expects a prior build and Kafka:
// KAFKA_BROKERS, else the dev infra's, `bash scripts/stack/dev-infra.sh up`)
// The last line is JSON: {"backtest_events_per_s": N, ...}.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { citySample } from './city-sample.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { create } = createRequire(path.join(ROOT, 'proto/package.json'))('@bufbuild/protobuf');
const { loadCityPack, DEFAULT_CITY_PACK_DIR } = require(path.join(ROOT, 'services/city-pack/dist/index.js'));
const { createKafka, createLogger, encodeStreamMessage, fleetStream } = require(path.join(ROOT, 'services/common/dist/index.js'));
const { AlertEngine } = require(path.join(ROOT, 'services/alerting/dist/engine/alert-engine.js'));
const { parseRuleSet } = require(path.join(ROOT, 'services/alerting/dist/rules/rule-set.js'));
const { sliceTopic, KafkaWindowSource } = require(path.join(ROOT, 'services/alerting/dist/backtest/kafka-window.source.js'));
const { BacktestReplay } = require(path.join(ROOT, 'services/alerting/dist/backtest/backtest-replay.js'));
const { AlertBook } = require(path.join(ROOT, 'services/alerting/dist/backtest/alert-book.js'));
const proto = require(path.join(ROOT, 'proto/dist/index.js'));

const QUICK = process.argv.includes('--quick');
// --profile: a CPU profile of the backtest phase alone (not the producing), written beside the system's temp files.
const PROFILE = process.argv.includes('--profile');
const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SECONDS = arg('seconds', QUICK ? 400 : 2400);
const PASSES = arg('passes', QUICK ? 1 : 3);
const BIKES = 11_000;
const BIKE_EVENTS_PER_S = 40;

function kafkaBrokers() {
  if (process.env.KAFKA_BROKERS) return process.env.KAFKA_BROKERS;
  const env = execFileSync('bash', [path.join(ROOT, 'scripts/stack/dev-infra.sh'), 'up'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const brokers = /export KAFKA_BROKERS=(\S+)/.exec(env)?.[1];
  if (!brokers) throw new Error('no KAFKA_BROKERS: set it, or start the dev infra (bash scripts/stack/dev-infra.sh up)');
  return brokers;
}


const RULES_FILE = path.join(ROOT, 'services/alerting/rules/default.rules.yaml');
const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);
const ruleSet = parseRuleSet(readFileSync(RULES_FILE, 'utf8'), RULES_FILE, pack);
const { random, between, pick, west, south, east, north, onLake, fences } = citySample(pack, 20_261_203);
const intersections = pack.layers.intersections;
const corridors = pack.layers.corridors;

const T0 = Math.floor((Date.now() - 2 * 3_600_000) / 1000) * 1000;
const trucks = Array.from({ length: 120 }, (_, i) => ({ id: `NJ-T${String(i + 1).padStart(3, '0')}`, kind: [proto.TruckKind.COMPACTOR, proto.TruckKind.SWEEPER, proto.TruckKind.SPRINKLER][i % 3], lon: between(west, east), lat: between(south, north), loadKg: between(0, 7_500), seq: 0 }));
const boats = Array.from({ length: 12 }, (_, i) => ({ id: `W-${i + 1}`, pos: onLake(), battery: between(15, 100), debris: 0, seq: 0 }));
const ambulances = Array.from({ length: 40 }, (_, i) => ({ id: `NJ120-${String(i + 1).padStart(2, '0')}`, lon: between(west, east), lat: between(south, north), seq: 0 }));
const bikes = Array.from({ length: BIKES }, (_, i) => ({ id: `B${String(i).padStart(5, '0')}`, seq: 0, ebike: i % 3 === 0, battery: between(5, 100) }));

function bikeEvent(bike, atMs) {
  const outside = random() < 0.08;
  const spot = pick(fences);
  const jitter = outside ? 0.0003 : 0.00001;
  bike.seq += 1;
  bike.battery = Math.max(1, bike.battery - 0.5);
  const kind = bike.seq === 1 ? proto.BikeEventKind.PARKED_STATE : pick([proto.BikeEventKind.TRIP_START, proto.BikeEventKind.TRIP_END, proto.BikeEventKind.PARKED_STATE, proto.BikeEventKind.BATTERY_REPORT]);
  return ['bike-events', bike.id, atMs, { bikeId: bike.id, seq: bike.seq, recordedAtMs: BigInt(atMs), kind, lon: spot.lon + between(-jitter, jitter), lat: spot.lat + between(-jitter, jitter), fenceId: outside ? '' : spot.id, inFence: !outside, isEbike: bike.ebike, batteryPct: bike.ebike ? bike.battery : 0, operator: 'meituan' }];
}

/** [stream, key, atMs, message init] of one simulated second. */
function second(s) {
  const atMs = T0 + s * 1000;
  const out = [];
  for (const t of trucks) {
    t.lon += between(-0.0002, 0.0002);
    t.lat += between(-0.0002, 0.0002);
    t.seq += 1;
    out.push(['truck-readings', t.id, atMs, { truckId: t.id, seq: t.seq, recordedAtMs: BigInt(atMs), lon: t.lon, lat: t.lat, speedKmh: between(0, 45), headingDeg: 90, loadKg: t.loadKg, taskState: proto.TaskState.COLLECTING, kind: t.kind }]);
  }
  for (const b of boats) {
    b.seq += 1;
    b.battery = b.battery < 8 ? 100 : b.battery - 0.02;
    b.debris += 0.05;
    if (b.seq % 60 === 0) b.pos = onLake();
    out.push(['boat-readings', b.id, atMs, { boatId: b.id, seq: b.seq, recordedAtMs: BigInt(atMs), lon: b.pos[0], lat: b.pos[1], speedKmh: 6, headingDeg: 0, debrisKg: b.debris, batteryPct: b.battery, taskState: proto.BoatTaskState.SWEEPING }]);
  }
  for (const a of ambulances) {
    a.seq += 1;
    out.push(['ambulance-readings', a.id, atMs, { ambulanceId: a.id, seq: a.seq, recordedAtMs: BigInt(atMs), lon: a.lon, lat: a.lat, speedKmh: 0, headingDeg: 0, state: proto.AmbulanceState.AVAILABLE, callId: '', stationId: 'S-1' }]);
  }
  for (let k = 0; k < Math.ceil(intersections.length / 30); k++) {
    const x = pick(intersections);
    out.push(['signal-phases', x.id, atMs, { intersectionId: x.id, corridorId: x.properties.corridorId, seq: s + 1, recordedAtMs: BigInt(atMs), signalGroup: 2, phaseState: pick([4, 6, 7, 9]), startMs: BigInt(atMs), minEndMs: BigInt(atMs + 20_000), maxEndMs: BigInt(atMs + 40_000) }]);
  }
  if (s % 90 === 0) {
    for (const c of corridors) {
      for (const direction of [1, 2]) {
        const vehicles = Math.floor(between(3, 40));
        out.push(['corridor-observations', c.id, atMs, { corridorId: c.id, seq: s + direction, recordedAtMs: BigInt(atMs), direction, travelTimeS: between(250, 400), designTravelTimeS: 280, stops: 0.5, arrivalsOnGreenPct: between(30, 95), vehicles }]);
      }
    }
  }
  if (s % 300 === 0) {
    const id = `CALL-${s}`;
    out.push(['emergency-calls', id, atMs, { callId: id, seq: 1, recordedAtMs: BigInt(atMs), stage: proto.CallStage.RECEIVED, receivedAtMs: BigInt(atMs), lon: between(west, east), lat: between(south, north), districtId: 'D-1', priority: 1, ambulanceId: '', hospitalId: '' }]);
  }
  for (let k = 0; k < (s === 0 ? 0 : BIKE_EVENTS_PER_S); k++) out.push(bikeEvent(pick(bikes), atMs));
  return out;
}

async function startProfile() {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      const file = path.join(tmpdir(), `backtest-bench-${Date.now()}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      return file;
    },
  };
}

const run = randomUUID().slice(0, 8);
const logger = createLogger('backtest-bench', 'error');
const kafka = createKafka({ clientId: `backtest-bench-${run}`, brokers: kafkaBrokers().split(','), logger });
const streamNames = [...new Set(ruleSet.rules.map((r) => r.stream))];
const topicOf = Object.fromEntries(streamNames.map((name) => [name, `ub.bench.backtest.${name}.${run}`]));
const admin = kafka.admin();
await admin.connect();
try {
  await admin.createTopics({ topics: Object.values(topicOf).map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })), waitForLeaders: true });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  let produced = 0;
  const produceStart = Date.now();
  let pending = new Map();
  const flush = async () => {
    if (pending.size === 0) return;
    await producer.sendBatch({ topicMessages: [...pending].map(([topic, messages]) => ({ topic, messages })), acks: 1 });
    pending = new Map();
  };
  const push = ([name, key, atMs, init]) => {
    const stream = fleetStream(name);
    if (!topicOf[name]) return;
    const value = Buffer.from(encodeStreamMessage(stream, create(stream.schema, init)));
    const list = pending.get(topicOf[name]) ?? [];
    list.push({ key, value, timestamp: String(atMs) });
    pending.set(topicOf[name], list);
    produced++;
  };
  for (const bike of bikes) push(bikeEvent(bike, T0));
  await flush();
  for (let s = 0; s < SECONDS; s++) {
    for (const record of second(s)) push(record);
    if (s % 20 === 19) await flush();
  }
  await flush();
  await producer.disconnect();
  console.log(`produced ${produced} records of ${SECONDS} simulated s (+ ${BIKES} bikes announced) in ${((Date.now() - produceStart) / 1000).toFixed(1)} s`);

  // The backtest's path: the window by time, a throwaway group, the merge, decode and checks, the engine
  // dry-run. Several passes over the same topics (each its own group and engine): the machine is shared,
  // so the median is the figure, the best and worst beside it.
  const fromMs = T0;
  const toMs = T0 + SECONDS * 1000;
  const passes = [];
  let last;
  for (let pass = 0; pass < PASSES; pass++) {
    const profiler = PROFILE && pass === 0 ? await startProfile() : null;
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    const slices = [];
    for (const name of streamNames) slices.push(await sliceTopic(admin, fleetStream(name), topicOf[name], fromMs - 1_800_000, fromMs, toMs));
    const book = new AlertBook(50_000);
    const replay = new BacktestReplay(new AlertEngine(ruleSet, pack), book, fromMs);
    const source = new KafkaWindowSource(kafka, admin, `backtest-bench-${run}-${pass}`, slices);
    await source.read((batch) => replay.feed(batch), () => false);
    replay.finish(toMs);
    const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    if (profiler) console.log(`cpu profile of the first pass: ${await profiler.stop()}`);
    passes.push({ elapsedS, eventsPerS: Math.round(replay.events / elapsedS), eventsPerCpuS: Math.round(replay.events / cpuS) });
    last = { book, replay, source };
    console.log(`pass ${pass + 1}: ${source.recordsRead} records read, ${replay.events} events through the engine in ${elapsedS.toFixed(2)} s = ${Math.round(replay.events / elapsedS)} events/s (${cpuS.toFixed(2)} s of CPU in this process: ${Math.round(replay.events / cpuS)} events per CPU second)`);
  }
  const sorted = passes.map((p) => p.eventsPerS).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  // Per CPU second of this process (kafkajs, decode, engine): what the wall-clock figure would be with a core to itself.
  const perCpu = passes.map((p) => p.eventsPerCpuS).sort((a, b) => a - b)[Math.floor(passes.length / 2)];
  const byRule = {};
  for (const a of last.book.alerts().alerts) byRule[a.rule] = (byRule[a.rule] ?? 0) + 1;
  console.log(`rules: ${ruleSet.rules.length} (default), streams: ${streamNames.join(', ')}`);
  console.log(`backtest: median ${median} events/s over ${PASSES} passes (best ${sorted[sorted.length - 1]}, worst ${sorted[0]})`);
  console.log(`would have fired: ${last.book.alerts().alerts.length} alerts ${JSON.stringify(byRule)}`);
  console.log(`heap used: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
  console.log(JSON.stringify({ backtest_events_per_s: median, backtest_events_per_s_best: sorted[sorted.length - 1], backtest_events_per_cpu_s: perCpu, backtest_events: last.replay.events, backtest_passes: PASSES }));
} finally {
  await admin.deleteTopics({ topics: Object.values(topicOf) }).catch(() => undefined);
  await admin.disconnect();
}
