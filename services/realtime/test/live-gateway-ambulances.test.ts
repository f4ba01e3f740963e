import { randomUUID } from 'node:crypto';
import { create, toBinary, toJsonString } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka, createLogger } from '@urban-brain/common';
import { AmbulanceReadingSchema, AmbulanceState, CallStage, EmergencyCallEventSchema, type AmbulanceTotals, type LiveFrame } from '@urban-brain/proto';
import { liveClient, startGateway, until, urlOf, type LiveClient } from './gateway-harness';

// The ambulance layer end to end on the real broker: ambulance fixes and a "120" call's steps
// produced to Kafka, read by a real gateway, and the frames real socket.io clients receive.
const KAFKA_BROKERS = process.env.KAFKA_BROKERS;
if (!KAFKA_BROKERS) throw new Error('KAFKA_BROKERS is not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

const run = randomUUID().slice(0, 8);
// A topic of its own per stream, so the figures below count only what this test produced.
const topics = {
  ambulances: `ub.test.rt-amb.ambulances.${run}`,
  calls: `ub.test.rt-amb.calls.${run}`,
  trucks: `ub.test.rt-amb.trucks.${run}`,
  bikes: `ub.test.rt-amb.bikes.${run}`,
  boats: `ub.test.rt-amb.boats.${run}`,
  signals: `ub.test.rt-amb.signals.${run}`,
  corridors: `ub.test.rt-amb.corridors.${run}`,
};
const logger = createLogger('realtime-ambulance-test', 'warn');
const kafka = createKafka({ clientId: `realtime-ambulance-test-${run}`, brokers: KAFKA_BROKERS.split(','), logger });

// The patient is in the west district; a wall zoomed on the east one (0.3 degrees away) never sees the call.
const SCENE = { lon: 105.05, lat: 29.58 };
const EAST_AREA = { west: 105.33, south: 29.57, east: 105.37, north: 29.59, zoom: 15 };
const callId = `CALL-${run}-0001`;
const onCall = `NJ120-${run}-1`;
const atStation = `NJ120-${run}-2`;
const hospitalId = 'site:hospital-first-people';

let admin: Admin;
let producer: Producer;
let gateway: INestApplication;
const clients: LiveClient[] = [];

const receivedAtMs = Date.now();
const callStep = (stage: CallStage) =>
  create(EmergencyCallEventSchema, {
    callId,
    seq: stage,
    recordedAtMs: BigInt(Date.now()),
    stage,
    receivedAtMs: BigInt(receivedAtMs),
    ...SCENE,
    districtId: 'district:shizhong',
    priority: 1,
    ambulanceId: stage >= CallStage.DISPATCHED ? onCall : '',
    hospitalId: stage >= CallStage.TRANSPORTING ? hospitalId : '',
  });
/** Produces the call's step; returns its bytes, for a duplicate. */
async function produceCallStep(stage: CallStage): Promise<Buffer> {
  const value = Buffer.from(toBinary(EmergencyCallEventSchema, callStep(stage)));
  await producer.send({ topic: topics.calls, messages: [{ key: callId, value }] });
  return value;
}

// What each ambulance is doing now; the pump sends it once a round, like the 1 Hz units (faster, to keep the test short).
const doing = new Map<string, { state: AmbulanceState; callId: string; lon: number; lat: number }>([
  [onCall, { state: AmbulanceState.AVAILABLE, callId: '', lon: 105.04, lat: 29.59 }],
  [atStation, { state: AmbulanceState.AVAILABLE, callId: '', lon: 105.06, lat: 29.57 }],
]);
let readingSeq = 0;
async function produceReadings(): Promise<void> {
  readingSeq++;
  const messages = [...doing].map(([ambulanceId, now]) => {
    const reading = create(AmbulanceReadingSchema, {
      ambulanceId,
      seq: readingSeq,
      recordedAtMs: BigInt(Date.now()),
      lon: now.lon,
      lat: now.lat,
      speedKmh: now.state === AmbulanceState.TO_SCENE ? 58 : 0,
      headingDeg: 135,
      state: now.state,
      callId: now.callId,
      stationId: 'site:ambulance-station-first-people',
    });
    return { key: ambulanceId, value: Buffer.from(toBinary(AmbulanceReadingSchema, reading)) };
  });
  await producer.send({ topic: topics.ambulances, messages });
}

/** The newest totals a client was sent (absent in a frame means unchanged). */
const latestTotals = (frames: LiveFrame[]): AmbulanceTotals | undefined => frames.findLast((f) => f.ambulanceTotals)?.ambulanceTotals;
const callStageIn = (frame: LiveFrame): CallStage | undefined => {
  const i = frame.calls?.callIds.indexOf(callId) ?? -1;
  return i >= 0 ? frame.calls!.stage[i] : undefined;
};

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: Object.values(topics).map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })), waitForLeaders: true });
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  gateway = await startGateway(
    {
      KAFKA_BROKERS,
      REALTIME_AMBULANCE_TOPIC: topics.ambulances,
      REALTIME_EMERGENCY_CALL_TOPIC: topics.calls,
      REALTIME_TRUCK_TOPIC: topics.trucks,
      REALTIME_BIKE_TOPIC: topics.bikes,
      REALTIME_BOAT_TOPIC: topics.boats,
      REALTIME_SIGNAL_PHASE_TOPIC: topics.signals,
      REALTIME_CORRIDOR_TOPIC: topics.corridors,
      REALTIME_GROUP_ID: `ub-realtime-ambulance-test-${run}`,
      // Short, so the test sees silent ambulances go.
      REALTIME_AMBULANCE_STALE_AFTER_S: '3',
    },
    logger,
  );
  await until('the gateway to join its consumer group', async () => (await fetch(`${urlOf(gateway)}/health`)).ok || undefined);
});

afterAll(async () => {
  for (const client of clients) client.close();
  await gateway?.close();
  await producer?.disconnect();
  await admin?.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
  await admin?.disconnect();
});

describe('the ambulance layer through the real broker', () => {
  it('streams ambulances and an open call, takes the call off when it closes, counts city-wide, and drops silent ambulances', async () => {
    const wall = liveClient(urlOf(gateway));
    const east = liveClient(urlOf(gateway));
    clients.push(wall.socket, east.socket);
    await until('connect', () => (wall.socket.connected && east.socket.connected) || undefined);
    expect(await wall.socket.timeout(10_000).emitWithAck('subscribe', { layers: ['ambulances'] })).toEqual({ ok: true, data: { layers: ['ambulances'], bikeView: 'points' } });
    expect((await east.socket.timeout(10_000).emitWithAck('subscribe', { layers: ['ambulances'], area: EAST_AREA })).ok).toBe(true);
    await until('both snapshots', () => (wall.frames[0] && east.frames[0]) || undefined);
    expect(wall.frames[0]!.snapshot).toBe(true);

    // The call comes in; nobody is on it yet. (Its topic is read from the start: no need to wait for the consumer.)
    const received = await produceCallStep(CallStage.RECEIVED);
    await until('the call, waiting', () => wall.frames.some((f) => callStageIn(f) === CallStage.RECEIVED) || undefined);
    // Totals are city-wide: the east wall, which has no call in its area, counts it too.
    for (const client of [wall, east]) {
      expect(await until('the waiting call in the totals', () => (latestTotals(client.frames)?.waitingCalls === 1 ? latestTotals(client.frames) : undefined))).toMatchObject({
        total: 0,
        openCalls: 1,
        waitingCalls: 1,
      });
    }

    // The ambulances report while one is dispatched and drives to the scene.
    doing.set(onCall, { state: AmbulanceState.TO_SCENE, callId, lon: 105.045, lat: 29.585 });
    let pumping = true;
    const pump = (async () => {
      while (pumping) {
        await produceReadings();
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    try {
      // The documented JSON form; then the RECEIVED step again (a duplicate delivered late) and a record that is no message at all.
      await producer.send({
        topic: topics.calls,
        messages: [
          { key: callId, value: toJsonString(EmergencyCallEventSchema, callStep(CallStage.DISPATCHED)), headers: { 'content-type': 'application/json' } },
          { key: callId, value: received },
          { key: callId, value: Buffer.from([0xff, 0xff, 0xff, 0x07]) },
        ],
      });
      await until('both ambulances and the call dispatched', () => {
        const seen = new Set(wall.frames.flatMap((f) => f.ambulances?.ambulanceIds ?? []));
        return seen.has(onCall) && seen.has(atStation) && wall.frames.some((f) => callStageIn(f) === CallStage.DISPATCHED) ? true : undefined;
      });
      const fixFrame = wall.frames.find((f) => f.ambulances?.ambulanceIds.includes(onCall))!;
      const a = fixFrame.ambulances!.ambulanceIds.indexOf(onCall);
      expect(fixFrame.ambulances!.callIds[a]).toBe(callId);
      expect(fixFrame.ambulances!.speedKmh[a]).toBe(58);
      expect(fixFrame.ambulances!.lon[a]).toBe(105.045);
      expect(fixFrame.ambulances!.stationIds[a]).toBe('site:ambulance-station-first-people');
      expect(fixFrame.ambulances!.receivedAtMs[a]).toBeGreaterThan(0);
      const callFrame = wall.frames.findLast((f) => callStageIn(f) === CallStage.DISPATCHED)!;
      const c = callFrame.calls!.callIds.indexOf(callId);
      expect(callFrame.calls!.ambulanceIds[c]).toBe(onCall);
      expect(callFrame.calls!.receivedAtMs[c]).toBe(receivedAtMs);
      expect([callFrame.calls!.lon[c], callFrame.calls!.lat[c]]).toEqual([SCENE.lon, SCENE.lat]);
      expect(callFrame.calls!.priority[c]).toBe(1);
      const busy = await until('the totals with one ambulance on the call', () => {
        const totals = latestTotals(wall.frames);
        return totals?.onCall === 1 && totals.available === 1 ? totals : undefined;
      });
      expect(busy).toMatchObject({ total: 2, available: 1, onCall: 1, openCalls: 1, waitingCalls: 0 });

      // On scene, to hospital, handed over, closed: the call leaves the layer.
      for (const stage of [CallStage.ON_SCENE, CallStage.TRANSPORTING, CallStage.AT_HOSPITAL]) await produceCallStep(stage);
      await until('the call at the hospital', () => wall.frames.some((f) => callStageIn(f) === CallStage.AT_HOSPITAL) || undefined);
      // The call's records share a partition, so the duplicate and the garbage were read before: neither moved the call back.
      const firstDispatched = wall.frames.findIndex((f) => callStageIn(f) === CallStage.DISPATCHED);
      expect(wall.frames.slice(firstDispatched).some((f) => callStageIn(f) === CallStage.RECEIVED)).toBe(false);
      doing.set(onCall, { state: AmbulanceState.RETURNING, callId: '', lon: 105.03, lat: 29.6 });
      await produceCallStep(CallStage.CLOSED);
      const removedAt = await until('the closed call removed', () => {
        const i = wall.frames.findIndex((f) => f.removedCallIds.includes(callId));
        return i >= 0 ? i : undefined;
      });
      expect(wall.frames.every((f) => callStageIn(f) !== CallStage.CLOSED)).toBe(true);
      expect(wall.frames.slice(removedAt).every((f) => callStageIn(f) === undefined)).toBe(true);
      for (const client of [wall, east]) {
        const done = await until('the totals without the call', () => {
          const totals = latestTotals(client.frames);
          return totals?.openCalls === 0 && totals.available === 2 ? totals : undefined;
        });
        expect(done).toMatchObject({ total: 2, available: 2, onCall: 0, openCalls: 0, waitingCalls: 0 });
      }
    } finally {
      pumping = false;
      await pump;
    }

    // The wall zoomed on the east district was sent no ambulance or call of the west.
    expect(east.frames.length).toBeGreaterThan(1);
    expect(east.frames.every((f) => (f.ambulances?.ambulanceIds ?? []).length === 0 && (f.calls?.callIds ?? []).length === 0)).toBe(true);

    // Silent for longer than REALTIME_AMBULANCE_STALE_AFTER_S: the gateway drops them and says so.
    await until('the silent ambulances removed', () => {
      const removed = new Set(wall.frames.flatMap((f) => f.removedAmbulanceIds));
      return removed.has(onCall) && removed.has(atStation) ? true : undefined;
    });

    // A wall arriving now gets a snapshot with neither the closed call nor the silent ambulances.
    const late = liveClient(urlOf(gateway));
    clients.push(late.socket);
    await until('connect', () => late.socket.connected || undefined);
    await late.socket.timeout(10_000).emitWithAck('subscribe', { layers: ['ambulances'] });
    const snapshot = await until('the late snapshot', () => late.frames[0]);
    expect(snapshot.snapshot).toBe(true);
    expect(snapshot.ambulances?.ambulanceIds ?? []).toEqual([]);
    expect(snapshot.calls?.callIds ?? []).toEqual([]);
    expect(snapshot.ambulanceTotals).toMatchObject({ total: 0, openCalls: 0 });
    // The feed-health entry of the layer counts both streams.
    expect(snapshot.feedHealth!.fleets.find((fleet) => fleet.layer === 'ambulances')!.lastReceivedAtMs).toBeGreaterThan(receivedAtMs);
  });
});
