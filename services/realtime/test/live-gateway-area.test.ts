import { randomUUID } from 'node:crypto';
import { create, toBinary } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka, createLogger } from '@urban-brain/common';
import { BikeEventKind, BikeEventSchema, BikeView, TaskState, TruckKind, TruckReadingSchema, type LiveFrame } from '@urban-brain/proto';
import { HOUR_MS, TEST_LIVE_TOKEN_SECRET, liveClient, liveToken, startGateway, until, urlOf, type LiveClient } from './gateway-harness';

// The gateway's token handshake, map areas, bike cells, ack errors and two
// instances side by side, with real socket.io clients and the real broker.
const KAFKA_BROKERS = process.env.KAFKA_BROKERS;
if (!KAFKA_BROKERS) throw new Error('KAFKA_BROKERS is not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

const run = randomUUID().slice(0, 8);
const topics = {
  trucks: `ub.test.rt-area.trucks.${run}`,
  bikes: `ub.test.rt-area.bikes.${run}`,
  // Nothing is produced to these; each fleet still reads a topic of its own.
  boats: `ub.test.rt-area.boats.${run}`,
  signals: `ub.test.rt-area.signals.${run}`,
  corridors: `ub.test.rt-area.corridors.${run}`,
};
const logger = createLogger('realtime-area-test', 'warn');
const kafka = createKafka({ clientId: `realtime-area-test-${run}`, brokers: KAFKA_BROKERS.split(','), logger });
const gatewayEnv = (instance: string) => ({
  KAFKA_BROKERS,
  REALTIME_TOPIC: topics.trucks,
  REALTIME_BIKE_TOPIC: topics.bikes,
  REALTIME_BOAT_TOPIC: topics.boats,
  REALTIME_SIGNAL_TOPIC: topics.signals,
  REALTIME_CORRIDOR_TOPIC: topics.corridors,
  REALTIME_GROUP_ID: `ub-realtime-area-test-${run}-${instance}`,
});

// Two districts 0.3 degrees apart; an area around one (with its margin) never reaches the other.
const EAST = { lon: 105.35, lat: 29.58 };
const WEST = { lon: 105.05, lat: 29.58 };
const areaAround = (at: { lon: number; lat: number }, zoom: number) => ({ west: at.lon - 0.02, south: at.lat - 0.01, east: at.lon + 0.02, north: at.lat + 0.01, zoom });

const trucks = { west: `RTA-${run}-W`, east: `RTA-${run}-E` };
const bikesWest = [1, 2, 3, 4].map((n) => `RTA-BIKE-${run}-${n}`);

let admin: Admin;
let producer: Producer;
let gatewayA: INestApplication;
let gatewayB: INestApplication | undefined;
let urlA: string;
const sockets: LiveClient[] = [];
let producing = true;
let pump: Promise<void> | undefined;

function client(url: string, token: string | null = liveToken()) {
  const made = liveClient(url, token);
  sockets.push(made.socket);
  return made;
}

async function produceRound(seq: number): Promise<void> {
  const at = BigInt(Date.now());
  const truck = (truckId: string, where: { lon: number; lat: number }) => ({
    key: truckId,
    value: Buffer.from(
      toBinary(
        TruckReadingSchema,
        create(TruckReadingSchema, { truckId, seq, recordedAtMs: at, lon: where.lon, lat: where.lat, speedKmh: 10, headingDeg: 0, loadKg: 500, taskState: TaskState.COLLECTING, kind: TruckKind.COMPACTOR }),
      ),
    ),
  });
  // Bikes 1-2 parked in one fence, 3 parked outside any fence, 4 being ridden; all in the west district.
  const bike = (bikeId: string, i: number) => ({
    key: bikeId,
    value: Buffer.from(
      toBinary(
        BikeEventSchema,
        create(BikeEventSchema, {
          bikeId,
          seq,
          recordedAtMs: at,
          kind: i === 3 ? BikeEventKind.TRIP_START : BikeEventKind.PARKED_STATE,
          lon: WEST.lon + i * 0.0001,
          lat: WEST.lat,
          inFence: i < 2,
          fenceId: i < 2 ? `fence:${run}` : '',
          isEbike: false,
          operator: 'hellobike',
        }),
      ),
    ),
  });
  await producer.sendBatch({
    topicMessages: [
      { topic: topics.trucks, messages: [truck(trucks.west, WEST), truck(trucks.east, EAST)] },
      { topic: topics.bikes, messages: bikesWest.map(bike) },
    ],
  });
}

const ids = (frames: LiveFrame[], pick: (f: LiveFrame) => string[] | undefined) => new Set(frames.flatMap((f) => pick(f) ?? []));

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: Object.values(topics).map((topic) => ({ topic, numPartitions: 2, replicationFactor: 1 })), waitForLeaders: true });
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  [gatewayA, gatewayB] = await Promise.all([startGateway(gatewayEnv('a'), logger), startGateway(gatewayEnv('b'), logger)]);
  urlA = urlOf(gatewayA);
  for (const gateway of [gatewayA, gatewayB]) await until('the gateway to join its consumer group', async () => (await fetch(`${urlOf(gateway)}/health`)).ok || undefined);
  // A steady trickle, as the simulator does: each instance starts at the newest offsets.
  pump = (async () => {
    for (let seq = 1; producing; seq++) {
      await produceRound(seq);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  })();
});

afterAll(async () => {
  producing = false;
  await pump;
  for (const socket of sockets) socket.close();
  await gatewayA?.close();
  await gatewayB?.close();
  await producer?.disconnect();
  await admin?.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
  await admin?.disconnect();
});

describe('live token handshake', () => {
  it('refuses a connection without a token, with a bad one or an expired one, each with its code; accepts a good one', async () => {
    const cases: [string | null, string][] = [
      [null, 'TOKEN_MISSING'],
      ['not-a-token', 'TOKEN_INVALID'],
      [liveToken(Date.now(), HOUR_MS, 'another-secret-of-at-least-32-characters'), 'TOKEN_INVALID'],
      [liveToken(Date.now() - 2 * HOUR_MS, HOUR_MS), 'TOKEN_EXPIRED'],
    ];
    for (const [token, code] of cases) {
      const { socket, errors } = client(urlA, token);
      const error = await until(`a refusal (${code})`, () => errors[0]);
      expect(error.data).toEqual({ code });
      expect(error.message).toMatch(/POST \/api\/live\/tokens/);
      expect(socket.connected).toBe(false);
    }
    const { socket } = client(urlA, liveToken());
    await until('connect', () => socket.connected || undefined);
    expect(TEST_LIVE_TOKEN_SECRET.length).toBeGreaterThanOrEqual(32);
  });
});

describe('map areas and bike cells', () => {
  it('sends only the trucks of the area, and the other district after an area event', async () => {
    const { socket, frames } = client(urlA);
    await until('connect', () => socket.connected || undefined);
    const ack = await socket.timeout(10_000).emitWithAck('subscribe', { layers: ['trucks'], area: areaAround(WEST, 15) });
    expect(ack).toEqual({ ok: true, data: { layers: ['trucks'], bikeView: 'points' } });
    await until('the west truck', () => ids(frames, (f) => f.trucks?.truckIds).has(trucks.west) || undefined);
    // Both trucks report every round; a few more rounds and the east one has still not come.
    const after = frames.length;
    await until('a few more frames', () => frames.length >= after + 5 || undefined);
    expect(ids(frames, (f) => f.trucks?.truckIds).has(trucks.east)).toBe(false);

    // The ack and the new area's snapshot may arrive in one batch; deltas of the old area may come before both.
    const beforeMove = frames.length;
    const moved = await socket.timeout(10_000).emitWithAck('area', areaAround(EAST, 15));
    expect(moved).toEqual({ ok: true, data: { layers: ['trucks'], bikeView: 'points' } });
    const snapshotAt = await until('the new area snapshot', () => {
      const i = frames.findIndex((f, index) => index >= beforeMove && f.snapshot);
      return i >= 0 ? i : undefined;
    });
    await until('the east truck', () => ids(frames.slice(snapshotAt), (f) => f.trucks?.truckIds).has(trucks.east) || undefined);
    expect(ids(frames.slice(snapshotAt), (f) => f.trucks?.truckIds).has(trucks.west)).toBe(false);
  });

  it('zoomed out sends cells counting the bikes of the area and fence counts, no bikes; zoomed in, the bikes', async () => {
    const { socket, frames } = client(urlA);
    await until('connect', () => socket.connected || undefined);
    const ack = await socket.timeout(10_000).emitWithAck('subscribe', { layers: ['bikes'], area: areaAround(WEST, 12) });
    expect(ack).toEqual({ ok: true, data: { layers: ['bikes'], bikeView: 'cells' } });
    const withAll = await until('cells holding all four bikes', () =>
      frames.find((f) => (f.bikeCells?.bikes ?? []).reduce((a, b) => a + b, 0) === bikesWest.length),
    );
    expect(withAll.bikeView).toBe(BikeView.CELLS);
    expect(withAll.bikeCells!.riding.reduce((a, b) => a + b, 0)).toBe(1);
    expect(withAll.bikeCells!.outsideFence.reduce((a, b) => a + b, 0)).toBe(1);
    expect(frames.every((f) => (f.bikes?.bikeIds ?? []).length === 0)).toBe(true);
    expect(frames.map((f) => f.bikeView)).toEqual(frames.map(() => BikeView.CELLS));
    await until('the fence count', () => frames.some((f) => f.fences?.fenceIds.includes(`fence:${run}`) && f.fences.parked[f.fences.fenceIds.indexOf(`fence:${run}`)] === 2) || undefined);

    const beforeZoom = frames.length;
    const zoomedIn = await socket.timeout(10_000).emitWithAck('area', areaAround(WEST, 16));
    expect(zoomedIn).toEqual({ ok: true, data: { layers: ['bikes'], bikeView: 'points' } });
    const from = await until('the zoomed-in snapshot', () => {
      const i = frames.findIndex((f, index) => index >= beforeZoom && f.snapshot);
      return i >= 0 ? i : undefined;
    });
    await until('the four bikes as points', () => bikesWest.every((id) => ids(frames.slice(from), (f) => f.bikes?.bikeIds).has(id)) || undefined);
    const points = frames.slice(from);
    expect(points[0]!.snapshot).toBe(true);
    expect(points.every((f) => f.bikeView === BikeView.POINTS && f.bikeCells === undefined)).toBe(true);
  });
});

describe('fleet-wide totals', () => {
  it('reach a client whose area holds none of the bikes and one of the two trucks', async () => {
    const { socket, frames } = client(urlA);
    await until('connect', () => socket.connected || undefined);
    // Zoomed in on the east district: the four bikes all stand in the west one.
    const ack = await socket.timeout(10_000).emitWithAck('subscribe', { layers: ['trucks', 'bikes'], area: areaAround(EAST, 16) });
    expect(ack).toEqual({ ok: true, data: { layers: ['trucks', 'bikes'], bikeView: 'points' } });
    const latest = <T>(pick: (f: LiveFrame) => T | undefined) => frames.map(pick).filter((value) => value !== undefined).at(-1);
    const bikes = await until('totals counting all four bikes', () => {
      const totals = latest((f) => f.bikeTotals);
      return totals?.total === bikesWest.length ? totals : undefined;
    });
    expect(bikes).toMatchObject({ total: 4, parkedInFence: 2, parkedOutsideFence: 1, riding: 1, faulty: 0, ebikes: 0 });
    const trucksTotal = await until('totals counting both trucks', () => {
      const totals = latest((f) => f.truckTotals);
      return totals?.total === 2 ? totals : undefined;
    });
    expect(trucksTotal.byTaskState[TaskState.COLLECTING]).toBe(2);
    // Meanwhile the entities themselves stay those of the area.
    expect(ids(frames, (f) => f.bikes?.bikeIds).size).toBe(0);
    expect(ids(frames, (f) => f.trucks?.truckIds)).toEqual(new Set([trucks.east]));
    // The snapshot carries totals whatever they are (zero before the first bike is heard of).
    expect(frames[0]!.snapshot && frames[0]!.bikeTotals !== undefined).toBe(true);
  });
});

describe('bad client events', () => {
  it('answers each with an ack error naming what was wrong, and the socket stays up and usable', async () => {
    const { socket, frames } = client(urlA);
    await until('connect', () => socket.connected || undefined);
    const good = areaAround(WEST, 15);

    const early = await socket.timeout(10_000).emitWithAck('area', good);
    expect(early).toMatchObject({ ok: false, code: 'NOT_SUBSCRIBED' });
    const badArea = await socket.timeout(10_000).emitWithAck('subscribe', { layers: ['trucks'], area: { ...good, zoom: 99 } });
    expect(badArea).toMatchObject({ ok: false, code: 'INVALID_AREA', message: expect.stringMatching(/area\.zoom/) });
    const badLayers = await socket.timeout(10_000).emitWithAck('subscribe', { layers: [] });
    expect(badLayers).toMatchObject({ ok: false, code: 'INVALID_REQUEST', message: expect.stringMatching(/layers/) });
    const unknownEvent = await (socket as unknown as { timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> } })
      .timeout(10_000)
      .emitWithAck('zoom', 12);
    expect(unknownEvent).toMatchObject({ ok: false, code: 'UNKNOWN_EVENT', message: expect.stringMatching(/"zoom"/) });
    expect(frames).toEqual([]);

    expect(await socket.timeout(10_000).emitWithAck('subscribe', { layers: ['trucks'], area: good })).toMatchObject({ ok: true });
    const inverted = await socket.timeout(10_000).emitWithAck('area', { ...good, west: good.east + 1 });
    expect(inverted).toMatchObject({ ok: false, code: 'INVALID_AREA', message: expect.stringMatching(/west must be less than east/) });
    const notAnArea = await socket.timeout(10_000).emitWithAck('area', 'downtown' as never);
    expect(notAnArea).toMatchObject({ ok: false, code: 'INVALID_AREA' });
    expect(socket.connected).toBe(true);
    // Still streaming the area it had.
    await until('the west truck', () => ids(frames, (f) => f.trucks?.truckIds).has(trucks.west) || undefined);
  });
});

describe('two gateway instances side by side', () => {
  it('each has its own consumer group and both serve the same truck', async () => {
    const onA = client(urlA);
    const onB = client(urlOf(gatewayB!));
    for (const { socket } of [onA, onB]) {
      await until('connect', () => socket.connected || undefined);
      expect(await socket.timeout(10_000).emitWithAck('subscribe', { layers: ['trucks'] })).toMatchObject({ ok: true });
    }
    // The same truck's same reading reaches both: with one shared group each instance would get half the partitions.
    const seqsOf = (frames: LiveFrame[]) => new Set(frames.flatMap((f) => (f.trucks?.truckIds ?? []).flatMap((id, i) => (id === trucks.east ? [f.trucks!.seq[i]!] : []))));
    const common = await until('a reading of the east truck seen by both instances', () => {
      const onBoth = [...seqsOf(onA.frames)].filter((seq) => seqsOf(onB.frames).has(seq));
      return onBoth.length >= 3 ? onBoth : undefined;
    });
    expect(common.length).toBeGreaterThanOrEqual(3);
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
    expect(groups).toEqual(expect.arrayContaining([`ub-realtime-area-test-${run}-a`, `ub-realtime-area-test-${run}-b`]));
  });
});
