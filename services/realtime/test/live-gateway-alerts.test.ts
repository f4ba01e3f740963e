import { randomUUID } from 'node:crypto';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka, createLogger } from '@urban-brain/common';
import { AlertBatchSchema, AlertChangeKind, AlertChangeSchema, AlertSeverity, AlertState, type AlertBatch } from '@urban-brain/proto';
import { liveClient, startGateway, until, urlOf } from './gateway-harness';

// The alert feed end to end on the real broker: alert changes produced to an alerts topic of this run,
// read by a real gateway, and what real socket.io clients watching the alerts receive.
const KAFKA_BROKERS = process.env.KAFKA_BROKERS;
if (!KAFKA_BROKERS) throw new Error('KAFKA_BROKERS is not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

const run = randomUUID().slice(0, 8);
const alertsTopic = `ub.test.rt-alerts.${run}`;
const logger = createLogger('realtime-alerts-test', 'warn');
const kafka = createKafka({ clientId: `realtime-alerts-test-${run}`, brokers: KAFKA_BROKERS.split(','), logger });

let admin: Admin;
let producer: Producer;
let gateway: INestApplication;

const change = (alertId: string, kind: AlertChangeKind, state: AlertState, atMs: number) =>
  create(AlertChangeSchema, { alertId, change: kind, state, changedAtMs: BigInt(atMs), severity: AlertSeverity.WARNING, fleet: 'boats', entityId: 'boat-03', titleEn: 'battery low', rule: 'boat.low-battery' });
const produce = (...changes: ReturnType<typeof change>[]) =>
  producer.send({ topic: alertsTopic, messages: changes.map((c) => ({ key: c.alertId, value: Buffer.from(toBinary(AlertChangeSchema, c)) })) });

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: alertsTopic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  gateway = await startGateway({ KAFKA_BROKERS, REALTIME_ALERTS_TOPIC: alertsTopic, REALTIME_GROUP_ID: `ub-realtime-alerts-test-${run}` }, logger);
});

afterAll(async () => {
  await gateway?.close();
  await producer?.disconnect();
  await admin?.deleteTopics({ topics: [alertsTopic] }).catch(() => undefined);
  await admin?.disconnect();
});

describe('the alert feed through the real broker', () => {
  it('gives a watcher the unresolved alerts first, then every change as it happens, city-wide', async () => {
    const t0 = Date.now();
    const open = `a-${run}`;
    const gone = `b-${run}`;
    // Before anyone watches: one alert raised, another raised and resolved two hours ago.
    await produce(change(open, AlertChangeKind.RAISED, AlertState.OPEN, t0), change(gone, AlertChangeKind.RAISED, AlertState.OPEN, t0 - 7_200_000), change(gone, AlertChangeKind.RESOLVED, AlertState.RESOLVED, t0 - 7_100_000));

    const client = liveClient(urlOf(gateway));
    const batches: AlertBatch[] = [];
    client.socket.on('alerts', (bytes: Uint8Array) => batches.push(fromBinary(AlertBatchSchema, new Uint8Array(bytes))));
    await until('connect', () => client.socket.connected || undefined);
    // The topic is read from its start: the gateway may still be catching up, so watch until the raise is in the snapshot.
    await until('the open alert in a snapshot', async () => {
      batches.length = 0;
      const ack = await client.socket.timeout(10_000).emitWithAck('alerts', {});
      expect(ack.ok).toBe(true);
      await until('the snapshot', () => batches[0] || undefined);
      return batches[0]!.changes.some((c) => c.alertId === open) || undefined;
    });
    const snapshot = batches[0]!;
    expect(snapshot.snapshot).toBe(true);
    // Resolved more than an hour ago: not in a new watcher's view.
    expect(snapshot.changes.map((c) => c.alertId)).not.toContain(gone);

    await produce(change(open, AlertChangeKind.ACKNOWLEDGED, AlertState.ACKNOWLEDGED, Date.now()));
    const update = await until('the acknowledgement', () => batches.find((b) => !b.snapshot && b.changes.some((c) => c.alertId === open && c.state === AlertState.ACKNOWLEDGED)));
    // The same batch may still carry the raise (drained after the snapshot was sent): the newest change wins in the client.
    expect(update.changes.findLast((c) => c.alertId === open)).toMatchObject({ change: AlertChangeKind.ACKNOWLEDGED, entityId: 'boat-03' });
    client.socket.close();
  });
});
