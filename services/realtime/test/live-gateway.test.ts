import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { create, fromBinary, toBinary, toJsonString } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Admin, Producer } from 'kafkajs';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka, createLogger, parseConfig } from '@urban-brain/common';
import {
  BikeEventKind,
  BikeEventSchema,
  BoatReadingSchema,
  BoatTaskState,
  CorridorDirection,
  CorridorObservationSchema,
  LiveFrameSchema,
  MovementPhaseState,
  SignalPhaseChangeSchema,
  SOCKET_PATH,
  TaskState,
  TruckKind,
  TruckReadingSchema,
  type ClientToServerEvents,
  type LiveFrame,
  type ServerToClientEvents,
} from '@urban-brain/proto';
import { AppModule } from '../src/app.module';
import { realtimeConfigSchema } from '../src/config/realtime.config';
import { TEST_LIVE_TOKEN_SECRET, liveToken } from './gateway-harness';

const KAFKA_BROKERS = process.env.KAFKA_BROKERS;
if (!KAFKA_BROKERS) throw new Error('KAFKA_BROKERS is not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

const run = randomUUID().slice(0, 8);
const topic = `ub.test.realtime.${run}`;
// One unique topic per fleet, so the test also proves the gateway reads each from its own variable.
const fleetTopics = {
  bikes: `ub.test.realtime.bikes.${run}`,
  boats: `ub.test.realtime.boats.${run}`,
  signalPhases: `ub.test.realtime.signals.${run}`,
  corridors: `ub.test.realtime.corridors.${run}`,
};
const truckIds = [`RT-${run}-1`, `RT-${run}-2`, `RT-${run}-3`];
const logger = createLogger('realtime-test', 'warn');
const kafka = createKafka({ clientId: `realtime-test-${run}`, brokers: KAFKA_BROKERS.split(','), logger });

type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

let admin: Admin;
let producer: Producer;
let app: INestApplication;
let baseUrl: string;
const clients: LiveClient[] = [];

async function startGateway(port: number, groupSuffix: string): Promise<INestApplication> {
  const config = parseConfig(realtimeConfigSchema, {
    KAFKA_BROKERS,
    REALTIME_TOPIC: topic,
    REALTIME_BIKE_TOPIC: fleetTopics.bikes,
    REALTIME_BOAT_TOPIC: fleetTopics.boats,
    REALTIME_SIGNAL_TOPIC: fleetTopics.signalPhases,
    REALTIME_CORRIDOR_TOPIC: fleetTopics.corridors,
    REALTIME_GROUP_ID: `ub-realtime-test-${run}-${groupSuffix}`,
    LIVE_TOKEN_SECRET: TEST_LIVE_TOKEN_SECRET,
    REALTIME_TICK_MS: '100',
    REALTIME_STALE_AFTER_S: '3',
    LOG_LEVEL: 'warn',
  });
  const gateway = await NestFactory.create(AppModule.register(config, logger), { logger: false });
  await gateway.listen(port, '127.0.0.1');
  return gateway;
}

const portOf = (gateway: INestApplication) => (gateway.getHttpServer().address() as AddressInfo).port;

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A real socket.io client that records every decoded frame. */
function connect(): { socket: LiveClient; frames: LiveFrame[] } {
  const socket: LiveClient = io(baseUrl, { path: SOCKET_PATH, transports: ['websocket'], reconnection: false, auth: { token: liveToken() } });
  const frames: LiveFrame[] = [];
  socket.on('frame', (bytes) => frames.push(fromBinary(LiveFrameSchema, new Uint8Array(bytes))));
  clients.push(socket);
  return { socket, frames };
}

// Positions the producer sent, per truck and seq, to compare with what arrives.
const sent = new Map<string, { lon: number; lat: number }>();
let producing = true;
let seq = 0;

async function produceRound(ids: string[]): Promise<void> {
  seq++;
  const messages = ids.map((truckId, i) => {
    const lon = 105.05 + i * 0.001 + seq * 0.0001;
    const lat = 29.58 + i * 0.001;
    sent.set(`${truckId}#${seq}`, { lon, lat });
    const reading = create(TruckReadingSchema, {
      truckId,
      seq,
      recordedAtMs: BigInt(Date.now()),
      lon,
      lat,
      speedKmh: 18,
      headingDeg: 90,
      loadKg: 1200,
      taskState: TaskState.COLLECTING,
      kind: TruckKind.COMPACTOR,
    });
    return { key: truckId, value: Buffer.from(toBinary(TruckReadingSchema, reading)) };
  });
  await producer.send({ topic, messages });
}

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [topic, ...Object.values(fleetTopics)].map((name) => ({ topic: name, numPartitions: 3, replicationFactor: 1 })),
    waitForLeaders: true,
  });
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();

  app = await startGateway(0, 'main');
  baseUrl = `http://127.0.0.1:${portOf(app)}`;
  // The consumer starts at the newest offsets once it has joined its group; /health says when.
  await until('the gateway to join its consumer group', async () => (await fetch(`${baseUrl}/health`)).ok || undefined);
});

const restarted: INestApplication[] = [];

afterAll(async () => {
  producing = false;
  for (const client of clients) client.close();
  await app?.close();
  for (const gateway of restarted) await gateway.close();
  await producer?.disconnect();
  await admin?.deleteTopics({ topics: [topic, ...Object.values(fleetTopics)] }).catch(() => undefined);
  await admin?.disconnect();
});

describe('realtime gateway against the real broker', () => {
  it('answers a malformed subscribe with an error ack and keeps the socket open', async () => {
    const { socket, frames } = connect();
    await until('connect', () => socket.connected || undefined);

    const bad = await socket.timeout(10_000).emitWithAck('subscribe', { layers: 'trucks' } as never);
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect((bad as { message: string }).message).toMatch(/layers/);
    const unknown = await socket.timeout(10_000).emitWithAck('subscribe', { layers: ['ufos'] } as never);
    expect(unknown).toMatchObject({ ok: false, code: 'UNKNOWN_LAYER' });

    expect(socket.connected).toBe(true);
    expect(frames).toEqual([]);
    // Still usable: a good subscribe on the same socket works.
    const good = await socket.timeout(10_000).emitWithAck('subscribe', { layers: ['trucks'] });
    expect(good).toEqual({ ok: true, data: { layers: ['trucks'], bikeView: 'points' } });
    const first = await until('the snapshot', () => frames[0]);
    expect(first.snapshot).toBe(true);
  });

  it('sends a snapshot, then deltas holding the produced truck positions, then removes silent trucks', async () => {
    const { socket, frames } = connect();
    await until('connect', () => socket.connected || undefined);
    const ack = await socket.timeout(10_000).emitWithAck('subscribe', { layers: ['trucks'] });
    expect(ack.ok).toBe(true);
    await until('the snapshot', () => frames[0]);
    expect(frames[0]!.snapshot).toBe(true);
    expect(frames[0]!.frameSeq).toBe(1);

    // Keep producing until every truck has shown up: the consumer may have
    // resolved "latest" just after the first records were written.
    const pump = (async () => {
      while (producing) {
        await produceRound(truckIds);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    })();
    const seen = new Set<string>();
    await until('every produced truck in a delta', () => {
      for (const frame of frames.slice(1)) for (const id of frame.trucks?.truckIds ?? []) seen.add(id);
      return truckIds.every((id) => seen.has(id)) || undefined;
    });
    // Let a few more rounds through, then stop the producer.
    const target = seq + 3;
    await until('three more rounds', () => seq >= target || undefined);
    producing = false;
    await pump;

    const deltas = frames.slice(1);
    expect(deltas.every((frame) => !frame.snapshot)).toBe(true);
    // frame_seq counts up by one per frame for this client.
    expect(frames.map((f) => f.frameSeq)).toEqual(frames.map((_, i) => i + 1));
    let matched = 0;
    for (const frame of deltas) {
      const columns = frame.trucks!;
      // Coalesced: a truck appears at most once per frame.
      expect(new Set(columns.truckIds).size).toBe(columns.truckIds.length);
      columns.truckIds.forEach((id, i) => {
        expect(truckIds).toContain(id);
        const produced = sent.get(`${id}#${columns.seq[i]}`);
        expect(produced, `${id} seq ${columns.seq[i]} was produced`).toBeDefined();
        expect(columns.lon[i]).toBe(produced!.lon);
        expect(columns.lat[i]).toBe(produced!.lat);
        expect(columns.taskState[i]).toBe(TaskState.COLLECTING);
        expect(columns.receivedAtMs[i]).toBeGreaterThan(0);
        expect(frame.sentAtMs).toBeGreaterThanOrEqual(columns.receivedAtMs[i]!);
        matched++;
      });
    }
    expect(matched).toBeGreaterThanOrEqual(truckIds.length);

    // The last produced round reaches the client (newest state wins).
    const lastSeq = seq;
    await until('the last round', () => {
      const newest = new Map<string, number>();
      for (const frame of frames) frame.trucks?.truckIds.forEach((id, i) => newest.set(id, frame.trucks!.seq[i]!));
      return truckIds.every((id) => newest.get(id) === lastSeq) || undefined;
    });

    // Silent for longer than REALTIME_STALE_AFTER_S: the gateway drops them and says so.
    const removed = await until('the silent trucks to be removed', () => {
      const ids = new Set(frames.flatMap((f) => f.removedTruckIds));
      return truckIds.every((id) => ids.has(id)) ? ids : undefined;
    });
    expect([...removed].sort()).toEqual([...truckIds].sort());

    // A client arriving now gets a snapshot without them.
    const late = connect();
    await until('connect', () => late.socket.connected || undefined);
    await late.socket.timeout(10_000).emitWithAck('subscribe', { layers: ['trucks'] });
    const snapshot = await until('the late snapshot', () => late.frames[0]);
    expect(snapshot.snapshot).toBe(true);
    expect(snapshot.trucks?.truckIds ?? []).not.toContain(truckIds[0]);
    expect(socket.connected).toBe(true);
  });

  it('delivers a bike, a boat, a signal phase and a corridor observation, each in its own layer', async () => {
    const { socket, frames } = connect();
    await until('connect', () => socket.connected || undefined);
    const ack = await socket.timeout(10_000).emitWithAck('subscribe', { layers: ['bikes', 'boats', 'corridors'] });
    expect(ack).toEqual({ ok: true, data: { layers: ['bikes', 'boats', 'corridors'], bikeView: 'points' } });
    await until('the snapshot', () => frames[0]);

    const bikeId = `RT-BIKE-${run}`;
    const boatId = `RT-BOAT-${run}`;
    const corridorId = `corridor:rt-${run}`;
    const json = { 'content-type': 'application/json' };
    let round = 0;
    const produceFleets = async () => {
      round++;
      const at = BigInt(Date.now());
      const bike = create(BikeEventSchema, {
        bikeId,
        seq: round,
        recordedAtMs: at,
        kind: BikeEventKind.PARKED_STATE,
        lon: 105.061,
        lat: 29.581,
        inFence: false,
        isEbike: true,
        batteryPct: 37,
        operator: 'hellobike',
      });
      const boat = create(BoatReadingSchema, {
        boatId,
        seq: round,
        recordedAtMs: at,
        lon: 105.052,
        lat: 29.571,
        speedKmh: 4,
        headingDeg: 90,
        debrisKg: 55.5,
        batteryPct: 80,
        taskState: BoatTaskState.SWEEPING,
      });
      const phase = create(SignalPhaseChangeSchema, {
        intersectionId: `${corridorId}-01`,
        corridorId,
        seq: round,
        recordedAtMs: at,
        signalGroup: 2,
        phaseState: MovementPhaseState.DARK,
        startMs: at,
      });
      const observation = create(CorridorObservationSchema, {
        corridorId,
        seq: round,
        recordedAtMs: at,
        direction: CorridorDirection.OUTBOUND,
        travelTimeS: 420,
        designTravelTimeS: 300,
        stops: 1.5,
        arrivalsOnGreenPct: 64,
        vehicles: 20,
      });
      await producer.sendBatch({
        topicMessages: [
          { topic: fleetTopics.bikes, messages: [{ key: bikeId, value: Buffer.from(toBinary(BikeEventSchema, bike)) }] },
          // The documented JSON form goes through the same path.
          { topic: fleetTopics.boats, messages: [{ key: boatId, value: toJsonString(BoatReadingSchema, boat), headers: json }] },
          { topic: fleetTopics.signalPhases, messages: [{ key: phase.intersectionId, value: Buffer.from(toBinary(SignalPhaseChangeSchema, phase)) }] },
          { topic: fleetTopics.corridors, messages: [{ key: corridorId, value: Buffer.from(toBinary(CorridorObservationSchema, observation)) }] },
        ],
      });
    };
    // Keep producing until all four show up: the consumer may resolve "latest" after the first round.
    let pumping = true;
    const pump = (async () => {
      while (pumping) {
        await produceFleets();
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const has = (ids: string[] | undefined, id: string) => (ids ?? []).includes(id);
    const corridorWithBoth = () =>
      frames.find((f) => {
        const i = f.corridors?.corridorIds.indexOf(corridorId) ?? -1;
        return i >= 0 && f.corridors!.observedAtMs[i]! > 0 && f.corridors!.darkIntersections[i] === 1 ? f : undefined;
      });
    try {
      await until('the bike, the boat and the corridor', () =>
        frames.some((f) => has(f.bikes?.bikeIds, bikeId)) && frames.some((f) => has(f.boats?.boatIds, boatId)) && corridorWithBoth() ? true : undefined,
      );
    } finally {
      pumping = false;
      await pump;
    }

    const bikeFrame = frames.find((f) => has(f.bikes?.bikeIds, bikeId))!;
    const b = bikeFrame.bikes!.bikeIds.indexOf(bikeId);
    expect(bikeFrame.bikes!.lon[b]).toBe(105.061);
    expect(bikeFrame.bikes!.inFence[b]).toBe(false);
    expect(bikeFrame.bikes!.batteryPct[b]).toBe(37);
    expect(bikeFrame.bikes!.lastEvent[b]).toBe(BikeEventKind.PARKED_STATE);

    const boatFrame = frames.find((f) => has(f.boats?.boatIds, boatId))!;
    const w = boatFrame.boats!.boatIds.indexOf(boatId);
    expect(boatFrame.boats!.debrisKg[w]).toBe(55.5);
    expect(boatFrame.boats!.taskState[w]).toBe(BoatTaskState.SWEEPING);

    const corridorFrame = corridorWithBoth()!;
    const c = corridorFrame.corridors!.corridorIds.indexOf(corridorId);
    expect(corridorFrame.corridors!.arrivalsOnGreenPct[c]).toBe(64);
    expect(corridorFrame.corridors!.travelTimeRatio[c]).toBeCloseTo(1.4, 5);
    expect(corridorFrame.corridors!.signalGroupsDark[c]).toBe(1);

    // Not subscribed to trucks: no truck columns, even though other tests produce trucks meanwhile.
    expect(frames.every((f) => f.trucks === undefined)).toBe(true);
    expect(socket.connected).toBe(true);
  });

  it('shuts down as a lost transport, so clients reconnect by themselves and start again from a snapshot', async () => {
    let gateway = await startGateway(0, 'restart-1');
    const port = portOf(gateway);
    const socket: LiveClient = io(`http://127.0.0.1:${port}`, {
      path: SOCKET_PATH,
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      auth: { token: liveToken() },
    });
    clients.push(socket);
    const frames: LiveFrame[] = [];
    const reasons: string[] = [];
    let connects = 0;
    socket.on('frame', (bytes) => frames.push(fromBinary(LiveFrameSchema, new Uint8Array(bytes))));
    socket.on('disconnect', (reason) => reasons.push(reason));
    // What the web page does: subscribe on every (re)connect.
    socket.on('connect', () => {
      connects++;
      socket.emit('subscribe', { layers: ['trucks'] }, () => undefined);
    });
    await until('the first snapshot', () => frames[0]);

    await gateway.close();
    await until('the client to notice', () => reasons[0]);
    // Not "io server disconnect": after that a socket.io client would wait to be told to reconnect.
    expect(reasons).toEqual(['transport close']);

    gateway = await startGateway(port, 'restart-2');
    restarted.push(gateway);
    const snapshot = await until('a snapshot from the new instance', () => frames.slice(1).find((f) => f.snapshot));
    expect(connects).toBe(2);
    expect(snapshot.frameSeq).toBe(1);
    expect(socket.connected).toBe(true);
  });
});
