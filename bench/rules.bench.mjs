#!/usr/bin/env node
// Rule throughput: events per second through the alerting service's default rule set
// (services/alerting/rules/default.rules.yaml) on one core, engine only (no Kafka, no database, no decode).
//
// The mix is shaped like the simulator's default city: 120 trucks and 12 boats and 40 ambulances at 1 Hz,
// 11,000 bikes (each announced once where it stands, then trips, battery reports and re-parks at a busy
// hour's rate, 8 % outside fences, some in piles), every intersection's phase changes, corridor windows
// (some with no vehicle, some broken) and emergency calls, with the engine's tick every simulated second.
// Messages are pre-built as protobuf-es would decode them, so the figure is the rules' cost alone.
//
// Usage: node bench/rules.bench.mjs [--seconds=600] [--passes=4]   (expects a prior build: tsc -b services/alerting)
// The last line is JSON: {"rules_events_per_s": N, ...}.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { citySample } from './city-sample.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { loadCityPack, DEFAULT_CITY_PACK_DIR } = require(path.join(ROOT, 'services/city-pack/dist/index.js'));
const { AlertEngine } = require(path.join(ROOT, 'services/alerting/dist/engine/alert-engine.js'));
const { parseRuleSet } = require(path.join(ROOT, 'services/alerting/dist/rules/rule-set.js'));
const proto = require(path.join(ROOT, 'proto/dist/index.js'));

const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SECONDS = arg('seconds', 600);
const PASSES = arg('passes', 4);
const BIKES = 11_000;
// A busy hour: about 11,000 bikes x 3 trips a day, most of them in the day's peaks, plus battery reports.
const BIKE_EVENTS_PER_S = 40;

const RULES_FILE = path.join(ROOT, 'services/alerting/rules/default.rules.yaml');
const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);
const ruleSet = parseRuleSet(readFileSync(RULES_FILE, 'utf8'), RULES_FILE, pack);

const { random, between, pick, west, south, east, north, lakeBox, onLake, fences } = citySample(pack, 20_231_107);

const T0 = Date.UTC(2026, 11, 3, 8, 0, 0);
const pileSpots = Array.from({ length: 30 }, () => pick(fences));
const intersections = pack.layers.intersections;
const corridors = pack.layers.corridors;

// --- the fleets' messages, one simulated second at a time -------------------------------------------------
const trucks = Array.from({ length: 120 }, (_, i) => ({
  id: `NJ-T${String(i + 1).padStart(3, '0')}`,
  kind: [proto.TruckKind.COMPACTOR, proto.TruckKind.SWEEPER, proto.TruckKind.SPRINKLER][i % 3],
  lon: between(west, east),
  lat: between(south, north),
  loadKg: i % 3 === 0 ? between(0, 7_500) : i % 3 === 1 ? between(0, 1_500) : between(3_000, 10_000),
  seq: 0,
}));
const boats = Array.from({ length: 12 }, (_, i) => ({ id: `W-${i + 1}`, pos: onLake(), battery: between(15, 100), debris: 0, seq: 0 }));
const ambulances = Array.from({ length: 40 }, (_, i) => ({ id: `NJ120-${String(i + 1).padStart(2, '0')}`, lon: between(west, east), lat: between(south, north), seq: 0 }));
const bikes = Array.from({ length: BIKES }, (_, i) => ({ id: `B${String(i).padStart(5, '0')}`, seq: 0, ebike: i % 3 === 0, battery: between(5, 100), riding: false }));

function bikeEvent(bike, atMs) {
  let kind;
  if (bike.riding) {
    kind = proto.BikeEventKind.TRIP_END;
    bike.riding = false;
  } else if (bike.seq > 0 && random() < 0.5) {
    kind = proto.BikeEventKind.TRIP_START;
    bike.riding = true;
  } else kind = bike.seq === 0 ? proto.BikeEventKind.PARKED_STATE : bike.ebike && random() < 0.3 ? proto.BikeEventKind.BATTERY_REPORT : proto.BikeEventKind.PARKED_STATE;
  const outside = random() < 0.08;
  const spot = outside && random() < 0.4 ? pick(pileSpots) : pick(fences);
  const jitter = outside ? 0.0003 : 0.00001;
  bike.seq += 1;
  bike.battery = Math.max(0, bike.battery - 0.5);
  const message = {
    bikeId: bike.id,
    seq: bike.seq,
    recordedAtMs: BigInt(atMs),
    kind,
    lon: spot.lon + between(-jitter, jitter),
    lat: spot.lat + between(-jitter, jitter),
    fenceId: outside ? '' : spot.id,
    inFence: !outside,
    isEbike: bike.ebike,
    batteryPct: bike.ebike ? bike.battery : 0,
    operator: 'meituan',
  };
  return { stream: 'bike-events', fleet: 'bikes', entityId: bike.id, atMs, message };
}

function second(s) {
  const atMs = T0 + s * 1000;
  const out = [];
  for (const t of trucks) {
    t.lon += between(-0.0002, 0.0002);
    t.lat += between(-0.0002, 0.0002);
    t.loadKg = t.kind === proto.TruckKind.COMPACTOR ? (t.loadKg + between(0, 8)) % 8_600 : t.loadKg;
    t.seq += 1;
    // A few units drop out for a while: stale GPS on duty.
    if (t.seq % 900 > 880 && t.id.endsWith('7')) continue;
    const message = { truckId: t.id, seq: t.seq, recordedAtMs: BigInt(atMs), lon: t.lon, lat: t.lat, speedKmh: between(0, 45), headingDeg: 90, loadKg: t.loadKg, taskState: t.loadKg > 6_800 ? proto.TaskState.TO_TRANSFER_STATION : proto.TaskState.COLLECTING, kind: t.kind };
    out.push({ stream: 'truck-readings', fleet: 'trucks', entityId: t.id, atMs, message });
  }
  for (const b of boats) {
    b.seq += 1;
    b.battery = b.battery < 8 ? 100 : b.battery - 0.02;
    b.debris += 0.05;
    if (b.seq % 60 === 0) b.pos = random() < 0.05 ? [lakeBox[0] - 0.002, lakeBox[1]] : onLake();
    const message = { boatId: b.id, seq: b.seq, recordedAtMs: BigInt(atMs), lon: b.pos[0], lat: b.pos[1], speedKmh: 6, headingDeg: 0, debrisKg: b.debris, batteryPct: b.battery, taskState: proto.BoatTaskState.SWEEPING, vesselSightings: [] };
    out.push({ stream: 'boat-readings', fleet: 'boats', entityId: b.id, atMs, message });
  }
  for (const a of ambulances) {
    a.seq += 1;
    const message = { ambulanceId: a.id, seq: a.seq, recordedAtMs: BigInt(atMs), lon: a.lon, lat: a.lat, speedKmh: 0, headingDeg: 0, state: proto.AmbulanceState.AVAILABLE, callId: '', stationId: '' };
    out.push({ stream: 'ambulance-readings', fleet: 'ambulances', entityId: a.id, atMs, message });
  }
  // Each intersection changes phase about every 30 s.
  for (let k = 0; k < Math.ceil(intersections.length / 30); k++) {
    const x = pick(intersections);
    const message = { intersectionId: x.id, corridorId: x.properties.corridorId, seq: s + 1, recordedAtMs: BigInt(atMs), signalGroup: 2, phaseState: pick([4, 6, 7, 9]), startMs: BigInt(atMs), minEndMs: BigInt(atMs + 20_000), maxEndMs: BigInt(atMs + 40_000) };
    out.push({ stream: 'signal-phases', fleet: 'signals', entityId: x.id, atMs, message });
  }
  // A window per corridor and direction every 90 s (one cycle).
  if (s % 90 === 0) {
    for (const c of corridors) {
      for (const direction of [1, 2]) {
        const vehicles = random() < 0.1 ? 0 : Math.floor(between(3, 40));
        const message = { corridorId: c.id, seq: s + 1, recordedAtMs: BigInt(atMs), direction, travelTimeS: vehicles ? between(250, 400) : 0, designTravelTimeS: 280, stops: 0.5, arrivalsOnGreenPct: vehicles ? between(30, 95) : 0, vehicles };
        out.push({ stream: 'corridor-observations', fleet: 'signals', entityId: c.id, atMs, message });
      }
    }
  }
  // About 50 calls a day, squeezed to one every 5 minutes so some breach the SLA within the run.
  if (s % 300 === 0) {
    const id = `CALL-${s}`;
    out.push({ stream: 'emergency-calls', fleet: 'ambulances', entityId: id, atMs, message: { callId: id, seq: 1, recordedAtMs: BigInt(atMs), stage: proto.CallStage.RECEIVED, receivedAtMs: BigInt(atMs), lon: between(west, east), lat: between(south, north), districtId: '', priority: 1, ambulanceId: '', hospitalId: '' } });
  }
  const bikeCount = s === 0 ? 0 : BIKE_EVENTS_PER_S;
  for (let k = 0; k < bikeCount; k++) out.push(bikeEvent(pick(bikes), atMs));
  return out;
}

// Every bike announces where it stands first (as the simulator does at start), then the seconds.
const announce = bikes.map((b) => bikeEvent(b, T0));
const seconds = Array.from({ length: SECONDS }, (_, s) => second(s));
const perPass = seconds.reduce((n, batch) => n + batch.length, 0);

function run(engine, offsetMs) {
  let signals = 0;
  for (let s = 0; s < seconds.length; s++) {
    const batch = seconds[s];
    for (let k = 0; k < batch.length; k++) {
      const o = batch[k];
      o.atMs = T0 + s * 1000 + offsetMs;
      signals += engine.observe(o).length;
    }
    signals += engine.tick(T0 + s * 1000 + offsetMs + 1000).length;
  }
  return signals;
}

const engine = new AlertEngine(ruleSet, pack);
let signals = 0;
const announceStart = process.hrtime.bigint();
for (const o of announce) signals += engine.observe(o).length;
const announceS = Number(process.hrtime.bigint() - announceStart) / 1e9;
// One pass to warm the JIT, then the timed passes (the clock moves on each pass).
signals += run(engine, 0);
let events = 0;
const start = process.hrtime.bigint();
for (let p = 1; p <= PASSES; p++) {
  signals += run(engine, p * SECONDS * 1000);
  events += perPass;
}
const elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
const eventsPerS = Math.round(events / elapsedS);
const mix = {};
for (const batch of seconds) for (const o of batch) mix[o.stream] = (mix[o.stream] ?? 0) + 1;
const byRule = {};
for (const s of engine.activeConditions().values()) byRule[s.rule] = (byRule[s.rule] ?? 0) + 1;

console.log(`rules: ${ruleSet.rules.length} (${RULES_FILE.slice(ROOT.length + 1)}), city pack ${pack.id}`);
console.log(`mix per pass of ${SECONDS} simulated s: ${Object.entries(mix).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`announce: ${BIKES} bikes in ${(announceS * 1000).toFixed(0)} ms`);
console.log(`timed: ${events} events in ${elapsedS.toFixed(2)} s = ${eventsPerS} events/s; ${signals} signals in all; open now: ${JSON.stringify(byRule)}`);
console.log(`flood control: ${JSON.stringify(engine.floodReport())}`);
console.log(`heap used: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB (the pre-built messages included)`);
console.log(JSON.stringify({ rules_events_per_s: eventsPerS }));
