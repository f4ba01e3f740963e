import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createKafka, createLogger, createPool, FLEET_STREAMS, JsonNestLogger, parseConfig } from '@urban-brain/common';
import { AlertChangeKind, AlertChangeSchema, BoatReadingSchema, BoatTaskState, type AlertChange } from '@urban-brain/proto';
import type { Admin, Consumer, Producer } from 'kafkajs';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module';
import { alertingConfigSchema, TOPIC_VARIABLE_OF } from '../src/config/alerting.config';

// The rules service on the real broker and database: boat readings produced to a topic of this run,
// the alert it raises stored and published, nothing raised twice across a restart, and the alert
// resolving itself once the condition has cleared for the rule's quiet time.
const KAFKA_BROKERS = process.env.KAFKA_BROKERS;
const DATABASE_URL = process.env.DATABASE_URL;
if (!KAFKA_BROKERS || !DATABASE_URL) throw new Error('KAFKA_BROKERS / DATABASE_URL are not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

const run = randomUUID().slice(0, 8);
const RULE = `it.boat.low-battery.${run}`;
const BOAT = `it-boat-${run}`;
const topicOfStream = Object.fromEntries(FLEET_STREAMS.map((stream) => [stream.name, `ub.test.alerting.${stream.name}.${run}`]));
const alertsTopic = `ub.test.alerting.alerts.${run}`;
const dispatchTopic = `ub.test.alerting.dispatch.${run}`;
const logger = createLogger('alerting-test', process.env.ALERTING_TEST_LOG ?? 'warn');
const kafka = createKafka({ clientId: `alerting-test-${run}`, brokers: KAFKA_BROKERS.split(','), logger });

const rulesFile = path.join(mkdtempSync(path.join(tmpdir(), 'alerting-rules-')), 'rules.yaml');
writeFileSync(
  rulesFile,
  `version: 1
rules:
  - id: ${RULE}
    kind: threshold
    stream: boat-readings
    severity: warning
    field: batteryPct
    below: 20
    clearAbove: 30
    autoResolveAfterS: 2
    title:
      en: "Boat {entityId} battery at {value}%"
      zh: "清漂船{entityId}电量{value}%"
`,
);

const config = parseConfig(alertingConfigSchema, {
  KAFKA_BROKERS,
  DATABASE_URL,
  DATABASE_POOL_SIZE: '3',
  LOG_LEVEL: 'warn',
  ALERTING_GROUP_ID: `ub-alerting-test-${run}`,
  ALERTS_TOPIC: alertsTopic,
  DISPATCH_TOPIC: dispatchTopic,
  ALERTING_RULES_FILE: rulesFile,
  ...Object.fromEntries(FLEET_STREAMS.map((stream) => [TOPIC_VARIABLE_OF[stream.name]!, topicOfStream[stream.name]!])),
});

let admin: Admin;
let producer: Producer;
let consumer: Consumer;
let pool: Pool;
let service: INestApplication | undefined;
const published: AlertChange[] = [];
let seq = 0;

async function startService(): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(config, logger), { logger: new JsonNestLogger(logger) });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/health`;
  await until('the rules service to go live', async () => (await fetch(url)).ok || undefined);
  return app;
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const reading = (batteryPct: number) =>
  create(BoatReadingSchema, { boatId: BOAT, seq: ++seq, recordedAtMs: BigInt(Date.now()), lon: 105.05, lat: 29.58, speedKmh: 5, headingDeg: 90, debrisKg: 10, batteryPct, taskState: BoatTaskState.SWEEPING });
const produce = (...readings: ReturnType<typeof reading>[]) =>
  producer.send({ topic: topicOfStream['boat-readings']!, messages: readings.map((r) => ({ key: BOAT, value: Buffer.from(toBinary(BoatReadingSchema, r)) })) });
const alertRows = async () =>
  (await pool.query<{ id: string; state: string; condition_active: boolean; occurrences: number; title: string; title_zh: string }>('SELECT id, state, condition_active, occurrences, title, title_zh FROM alerts WHERE rule = $1 ORDER BY raised_at', [RULE])).rows;
const steps = async (alertId: string) => (await pool.query<{ action: string; actor: string }>('SELECT action, actor FROM alert_events WHERE alert_id = $1 ORDER BY at, id', [alertId])).rows;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [...Object.values(topicOfStream), alertsTopic, dispatchTopic].map((topic) => ({ topic, numPartitions: 2, replicationFactor: 1 })), waitForLeaders: true });
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  consumer = kafka.consumer({ groupId: `alerting-test-reader-${run}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [alertsTopic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void published.push(fromBinary(AlertChangeSchema, message.value!)) });
  pool = createPool(DATABASE_URL, 2, 'alerting-test');
});

afterAll(async () => {
  await service?.close();
  await consumer?.disconnect();
  await producer?.disconnect();
  await admin?.deleteTopics({ topics: [...Object.values(topicOfStream), alertsTopic, dispatchTopic] }).catch(() => undefined);
  await admin?.disconnect();
  await pool?.end();
});

describe('the rules service on the real broker and database', () => {
  it('raises once, publishes it, raises nothing twice across a restart, and resolves by itself when the condition has cleared', async () => {
    service = await startService();
    await produce(reading(15));
    const [raised] = await until('the alert in the database', async () => ((await alertRows()).length ? alertRows() : undefined));
    expect(raised).toMatchObject({ state: 'open', condition_active: true, occurrences: 1, title: `Boat ${BOAT} battery at 15%`, title_zh: `清漂船${BOAT}电量15%` });
    await until('the raise on the alerts topic', () => published.find((c) => c.alertId === raised!.id && c.change === AlertChangeKind.RAISED));

    // Still low, a redelivered-looking repeat, then a restart of the service: the rebuild replays the
    // stream and reconciles with the database; nothing new is raised.
    await produce(reading(14), reading(14));
    await service.close();
    service = await startService();
    await produce(reading(13));
    await new Promise((r) => setTimeout(r, 1500));
    const afterRestart = await alertRows();
    expect(afterRestart).toHaveLength(1);
    expect(afterRestart[0]).toMatchObject({ state: 'open', condition_active: true, occurrences: 1 });
    expect((await steps(raised!.id)).map((s) => s.action)).toEqual(['raised']);

    // Charged: the condition clears, and after the rule's 2 s of quiet the alert resolves itself.
    await produce(reading(60));
    await until('the alert to resolve itself', async () => ((await alertRows())[0]?.state === 'resolved' ? true : undefined), 30_000);
    expect(await steps(raised!.id)).toEqual([
      { action: 'raised', actor: 'alerting' },
      { action: 'cleared', actor: 'alerting' },
      { action: 'resolved', actor: 'alerting' },
    ]);
    await until('the resolve on the alerts topic', () => published.find((c) => c.alertId === raised!.id && c.change === AlertChangeKind.RESOLVED));
    expect(published.filter((c) => c.alertId === raised!.id).map((c) => c.change)).toEqual([AlertChangeKind.RAISED, AlertChangeKind.CLEARED, AlertChangeKind.RESOLVED]);

    // Low again: a new alert (the old one is resolved), with its own trail.
    await produce(reading(12));
    await until('a second alert', async () => ((await alertRows()).length === 2 ? true : undefined));
  });

  it('starts the SLA clock when the alert reaches the queue, not at the device time of a late reading', async () => {
    const lateBoat = `${BOAT}-late`;
    const late = create(BoatReadingSchema, { ...reading(15), boatId: lateBoat, seq: 1, recordedAtMs: BigInt(Date.now() - 20 * 60_000) });
    await producer.send({ topic: topicOfStream['boat-readings']!, messages: [{ key: lateBoat, value: Buffer.from(toBinary(BoatReadingSchema, late)) }] });
    const row = await until('the late reading\'s alert', async () =>
      (await pool.query<{ raised_at: Date; acknowledge_due_at: Date; escalated_at: Date | null }>('SELECT raised_at, acknowledge_due_at, escalated_at FROM alerts WHERE entity_id = $1', [lateBoat])).rows[0],
    );
    // Raised at the reading's time, twenty minutes ago; due ten minutes (a warning's SLA) from now, not already overdue.
    expect(row.raised_at.getTime()).toBeLessThan(Date.now() - 19 * 60_000);
    expect(row.acknowledge_due_at.getTime()).toBeGreaterThan(Date.now() + 5 * 60_000);
    expect(row.escalated_at).toBeNull();
  });
});
