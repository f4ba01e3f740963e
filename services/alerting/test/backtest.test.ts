import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { create, toBinary } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createKafka, createLogger, createPool, FLEET_STREAMS, JsonNestLogger, parseConfig } from '@urban-brain/common';
import { BoatReadingSchema, BoatTaskState, type BacktestAlert, type BacktestProgress, type BacktestResult } from '@urban-brain/proto';
import type { Admin, Consumer, Producer } from 'kafkajs';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module';
import { alertingConfigSchema, TOPIC_VARIABLE_OF } from '../src/config/alerting.config';

// Backtests on the real broker and database: boat readings make the live service raise, clear and
// resolve alerts; a backtest of the unchanged rules over that window gives the alerts it stored (the
// live engine, run again); a draft's extra and missing alerts are listed; nothing is written to the
// alert tables or the alerts topic; a bad draft is refused naming rule and field; a run can be
// cancelled; and once the topic no longer holds the window, the stored rows are read instead.
const KAFKA_BROKERS = process.env.KAFKA_BROKERS;
const DATABASE_URL = process.env.DATABASE_URL;
if (!KAFKA_BROKERS || !DATABASE_URL) throw new Error('KAFKA_BROKERS / DATABASE_URL are not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

const run = randomUUID().slice(0, 8);
const RULE = `it.bt.boat.low-battery.${run}`;
const STRICT = `it.bt.boat.strict.${run}`;
const BOAT_A = `it-bt-a-${run}`;
const BOAT_B = `it-bt-b-${run}`;
const topicOfStream = Object.fromEntries(FLEET_STREAMS.map((stream) => [stream.name, `ub.test.backtest.${stream.name}.${run}`]));
const boatTopic = topicOfStream['boat-readings']!;
const alertsTopic = `ub.test.backtest.alerts.${run}`;
const dispatchTopic = `ub.test.backtest.dispatch.${run}`;
const logger = createLogger('backtest-test', process.env.ALERTING_TEST_LOG ?? 'warn');
const kafka = createKafka({ clientId: `backtest-test-${run}`, brokers: KAFKA_BROKERS.split(','), logger });

const rule = (id: string, below: number) => `  - id: ${id}
    kind: threshold
    stream: boat-readings
    severity: warning
    field: batteryPct
    below: ${below}
    clearAbove: 30
    autoResolveAfterS: 2
    title:
      en: "Boat {entityId} battery at {value}%"
      zh: "清漂船{entityId}电量{value}%"
`;
const LIVE_RULES = `version: 1\nrules:\n${rule(RULE, 20)}`;
// The draft drops the live rule and adds a stricter one (below 28 instead of 20).
const DRAFT_RULES = `version: 1\nrules:\n${rule(STRICT, 28)}`;
const BAD_DRAFT = `version: 1\nrules:\n${rule(STRICT, 28).replace('below: 28', 'below: low')}`;

const rulesFile = path.join(mkdtempSync(path.join(tmpdir(), 'backtest-rules-')), 'rules.yaml');
writeFileSync(rulesFile, LIVE_RULES);

const config = parseConfig(alertingConfigSchema, {
  KAFKA_BROKERS,
  DATABASE_URL,
  DATABASE_POOL_SIZE: '3',
  LOG_LEVEL: 'warn',
  ALERTING_GROUP_ID: `ub-alerting-backtest-test-${run}`,
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
let baseUrl = '';
let alertsOnTopic = 0;
const produced: { boatId: string; seq: number; recordedAtMs: number; batteryPct: number }[] = [];
let windowFrom = '';
let windowTo = '';

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function produce(boatId: string, batteryPct: number): Promise<void> {
  const reading = { boatId, seq: produced.filter((p) => p.boatId === boatId).length + 1, recordedAtMs: Date.now(), batteryPct };
  produced.push(reading);
  const message = create(BoatReadingSchema, { ...reading, recordedAtMs: BigInt(reading.recordedAtMs), lon: 105.05, lat: 29.58, speedKmh: 5, headingDeg: 90, debrisKg: 10, taskState: BoatTaskState.SWEEPING });
  await producer.send({ topic: boatTopic, messages: [{ key: boatId, value: Buffer.from(toBinary(BoatReadingSchema, message)) }] });
}

const post = (url: string, body: unknown) => fetch(`${baseUrl}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const progressOf = async (id: string) => (await (await fetch(`${baseUrl}/backtests/${id}`)).json()) as BacktestProgress;

async function backtest(body: Record<string, unknown>): Promise<BacktestResult> {
  const started = await post('/backtests', body);
  expect(started.status).toBe(202);
  const { id } = (await started.json()) as { id: string };
  const done = await until('the backtest to finish', async () => {
    const progress = await progressOf(id);
    return progress.state === 'running' ? undefined : progress;
  });
  expect(done).toMatchObject({ state: 'done', error: null, progress: 1 });
  return (await (await fetch(`${baseUrl}/backtests/${id}/result`)).json()) as BacktestResult;
}

interface StoredRow {
  rule: string;
  entity_id: string;
  severity: number;
  title: string;
  title_zh: string;
  raised_at: Date;
  cleared_at: Date | null;
  resolved_at: Date | null;
}
const storedAlerts = async () =>
  (await pool.query<StoredRow>('SELECT rule, entity_id, severity, title, title_zh, raised_at, cleared_at, resolved_at FROM alerts WHERE rule = ANY($1) ORDER BY raised_at', [[RULE, STRICT]])).rows;
const liveTrail = async () =>
  (await pool.query<{ n: string }>('SELECT count(*) AS n FROM alert_events e JOIN alerts a ON a.id = e.alert_id WHERE a.rule = ANY($1)', [[RULE, STRICT]])).rows[0]!.n;
// Outbox rows waiting to be relayed that mention this run (its rule ids and boats carry the run id; protobuf keeps strings as UTF-8).
const outboxRows = async () => (await pool.query<{ n: string }>("SELECT count(*) AS n FROM kafka_outbox WHERE position(convert_to($1, 'UTF8') in payload) > 0", [run])).rows[0]!.n;
const mine = (alerts: readonly BacktestAlert[]) => alerts.filter((a) => a.entityId === BOAT_A || a.entityId === BOAT_B);

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [...Object.values(topicOfStream), alertsTopic, dispatchTopic].map((topic) => ({ topic, numPartitions: 2, replicationFactor: 1 })), waitForLeaders: true });
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  consumer = kafka.consumer({ groupId: `backtest-test-reader-${run}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [alertsTopic], fromBeginning: true });
  await consumer.run({ eachMessage: async () => void alertsOnTopic++ });
  pool = createPool(DATABASE_URL, 2, 'backtest-test');
  service = await NestFactory.create(AppModule.register(config, logger), { logger: new JsonNestLogger(logger) });
  await service.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(service.getHttpServer().address() as AddressInfo).port}`;
  await until('the rules service to go live', async () => (await fetch(`${baseUrl}/health`)).ok || undefined);

  // The recorded window: A low (raised), charged (cleared, resolved after 2 s), at 25 % (only the
  // draft's stricter rule minds), low again, charged; B at 25 % once.
  windowFrom = new Date(Date.now() - 1000).toISOString();
  await produce(BOAT_A, 50);
  await sleep(300);
  await produce(BOAT_A, 15);
  await sleep(300);
  await produce(BOAT_A, 60);
  await sleep(3500);
  await produce(BOAT_A, 25);
  await produce(BOAT_B, 25);
  await sleep(300);
  await produce(BOAT_A, 12);
  await sleep(300);
  await produce(BOAT_A, 60);
  await produce(BOAT_B, 60);
  await until('both live alerts resolved', async () => {
    const rows = await storedAlerts();
    return rows.length === 2 && rows.every((r) => r.resolved_at !== null) ? true : undefined;
  }, 30_000);
  await until('the live changes on the alerts topic', () => (alertsOnTopic >= 6 ? true : undefined));
  // The window ends a moment after the last resolve: the backtest's clock ticks on whole seconds, the live one's wherever it started.
  await sleep(1500);
  windowTo = new Date().toISOString();
});

afterAll(async () => {
  await service?.close();
  await consumer?.disconnect();
  await producer?.disconnect();
  await admin?.deleteTopics({ topics: [...Object.values(topicOfStream), alertsTopic, dispatchTopic] }).catch(() => undefined);
  await admin?.disconnect();
  await pool?.query('DELETE FROM boat_readings WHERE boat_id = ANY($1)', [[BOAT_A, BOAT_B]]).catch(() => undefined);
  await pool?.end();
});

describe('backtests on the real broker and database', () => {
  it('gives, for the unchanged rules, the alerts the live service stored for the window, and writes nothing', async () => {
    const stored = await storedAlerts();
    const trailBefore = await liveTrail();
    const outboxBefore = await outboxRows();
    const topicBefore = alertsOnTopic;

    const result = await backtest({ ruleSet: 'current', from: windowFrom, to: windowTo });
    expect(result.sources).toEqual([{ stream: 'boat-readings', source: 'kafka', note: `topic ${boatTopic} holds the window` }]);
    expect(result.eventsRead).toBe(produced.length);
    expect(result.alerts.map((a) => ({ rule: a.rule, entityId: a.entityId, severity: a.severity, title: a.title, raisedAt: a.raisedAt, clearedAt: a.clearedAt }))).toEqual(
      stored.map((row) => ({ rule: row.rule, entityId: row.entity_id, severity: row.severity, title: { en: row.title, zh: row.title_zh }, raisedAt: row.raised_at.toISOString(), clearedAt: row.cleared_at!.toISOString() })),
    );
    // Resolved on the clock (a tick after the rule's 2 s of quiet): the live one on the wall clock, the backtest on the records'.
    result.alerts.forEach((alert, i) => expect(Math.abs(Date.parse(alert.resolvedAt!) - stored[i]!.resolved_at!.getTime())).toBeLessThanOrEqual(result.matchToleranceMs));
    expect(result.diff).toEqual({ added: [], removed: [], changed: [], unchanged: stored.length });

    // Dry-run: not one alert row, alert event, outbox row or alerts-topic message more.
    await sleep(1000);
    expect(await storedAlerts()).toEqual(stored);
    expect(await liveTrail()).toBe(trailBefore);
    expect(await outboxRows()).toBe(outboxBefore);
    expect(alertsOnTopic).toBe(topicBefore);
  });

  it('reports an alert already open when the window begins, as the live service had it, and pairs it with the stored one', async () => {
    const stored = await storedAlerts();
    // The window starts between A's first low reading (raised) and its charge (cleared): that alert is open at the start.
    const low = produced.find((p) => p.boatId === BOAT_A && p.batteryPct < 20)!;
    const from = new Date(low.recordedAtMs + 100).toISOString();
    const result = await backtest({ ruleSet: 'current', from, to: windowTo });
    expect(result.alerts.map((a) => ({ entityId: a.entityId, raisedAt: a.raisedAt, openAtStart: a.openAtStart }))).toEqual(
      stored.map((row) => ({ entityId: row.entity_id, raisedAt: row.raised_at.toISOString(), openAtStart: row.raised_at.getTime() < Date.parse(from) })),
    );
    expect(result.alerts.map((a) => a.openAtStart)).toEqual([true, false]);
    expect(result.diff).toEqual({ added: [], removed: [], changed: [], unchanged: stored.length });
  });

  it("lists a draft's extra alerts as added and the live rule's as removed, and downloads as CSV", async () => {
    const stored = await storedAlerts();
    const result = await backtest({ ruleSet: DRAFT_RULES, from: windowFrom, to: windowTo, streams: ['boat-readings'] });
    // The stricter rule raises at every reading under 28 % while not already raised: A at 15 %, A at 25 %
    // (after the first resolved), B at 25 %.
    const under28 = produced.filter((p) => p.batteryPct < 28);
    const expectedRaises = [under28[0]!, ...under28.filter((p) => p.batteryPct === 25)].map((p) => ({ entityId: p.boatId, raisedAt: new Date(p.recordedAtMs).toISOString() }));
    expect(result.diff.added.map((a) => ({ entityId: a.entityId, raisedAt: a.raisedAt })).sort((x, y) => x.raisedAt.localeCompare(y.raisedAt) || x.entityId.localeCompare(y.entityId))).toEqual(
      expectedRaises.sort((x, y) => x.raisedAt.localeCompare(y.raisedAt) || x.entityId.localeCompare(y.entityId)),
    );
    expect(result.diff.added.every((a) => a.rule === STRICT)).toBe(true);
    expect(result.diff.removed.map((a) => ({ rule: a.rule, entityId: a.entityId, raisedAt: a.raisedAt }))).toEqual(stored.map((r) => ({ rule: r.rule, entityId: r.entity_id, raisedAt: r.raised_at.toISOString() })));
    expect(result.diff.changed).toEqual([]);

    const csv = await fetch(`${baseUrl}/backtests/${result.id}/result?format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('diff,rule,entityId,fleet,severity,titleEn,titleZh,raisedAt,clearedAt,resolvedAt,lon,lat,differences,openAtStart');
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual([...result.diff.added.map(() => 'added'), ...stored.map(() => 'removed')].sort());
    expect(await storedAlerts()).toEqual(stored);
  });

  it('refuses a draft with an error as the validate route does, naming rule and field, and a window over the limit naming it', async () => {
    const refused = await post('/backtests', { ruleSet: BAD_DRAFT, from: windowFrom, to: windowTo });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { problems: string[] };
    const validated = (await (await post('/rules/validate', { yaml: BAD_DRAFT })).json()) as { problems: string[] };
    expect(body.problems).toEqual(validated.problems);
    expect(body.problems.some((p) => p.trim().startsWith(`draft: rule ${STRICT}: below: must be a number`))).toBe(true);

    const tooLong = await post('/backtests', { ruleSet: 'current', from: '2026-11-01T00:00:00Z', to: '2026-11-09T00:00:00Z' });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { problems: string[] }).problems).toEqual([expect.stringMatching(/^to: the window is at most 168 hours \(7 days/)]);
    const badField = await post('/backtests', { ruleSet: 'current', from: 'yesterday', to: windowTo });
    expect(((await badField.json()) as { problems: string[] }).problems).toEqual([expect.stringMatching(/^from: must be an ISO time/)]);
  });

  it('can be cancelled while it runs', async () => {
    // A week of the stored boat readings, five minutes at a time: long enough to be caught running.
    const started = await post('/backtests', { ruleSet: 'current', from: new Date(Date.now() - 7 * 86_400_000 + 60_000).toISOString(), to: new Date().toISOString(), source: 'database' });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    const cancelling = await fetch(`${baseUrl}/backtests/${id}`, { method: 'DELETE' });
    expect(cancelling.status).toBe(200);
    const ended = await until('the backtest to stop', async () => {
      const progress = await progressOf(id);
      return progress.state === 'running' ? undefined : progress;
    });
    expect(ended.state).toBe('cancelled');
    expect(ended.progress).toBeLessThan(1);
    expect((await fetch(`${baseUrl}/backtests/${id}/result`)).status).toBe(409);
  });

  it('reads the stored rows once the topic no longer holds the window, and gives the same alerts', async () => {
    // What ingest stored of the readings (the same columns it writes), then the topic emptied as retention would.
    for (const p of produced) {
      await pool.query(
        'INSERT INTO boat_readings (boat_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, debris_kg, battery_pct, task_state) VALUES ($1, $2, $3, 105.05, 29.58, 5, 90, 10, $4, $5) ON CONFLICT DO NOTHING',
        [p.boatId, p.seq, new Date(p.recordedAtMs), p.batteryPct, BoatTaskState.SWEEPING],
      );
    }
    const offsets = await admin.fetchTopicOffsets(boatTopic);
    await admin.deleteTopicRecords({ topic: boatTopic, partitions: offsets.map((o) => ({ partition: o.partition, offset: o.high })) });

    const stored = await storedAlerts();
    const result = await backtest({ ruleSet: 'current', from: windowFrom, to: windowTo });
    expect(result.sources).toHaveLength(1);
    expect(result.sources[0]).toMatchObject({ stream: 'boat-readings', source: 'database' });
    expect(result.sources[0]!.note).toContain(`topic ${boatTopic} no longer holds the window's start`);
    expect(result.sources[0]!.note).toContain('vesselSightings');
    // The shared database may hold other boats' readings in the window; ours give exactly the stored alerts.
    expect(mine(result.alerts).map((a) => ({ rule: a.rule, entityId: a.entityId, raisedAt: a.raisedAt, clearedAt: a.clearedAt }))).toEqual(
      stored.map((row) => ({ rule: row.rule, entityId: row.entity_id, raisedAt: row.raised_at.toISOString(), clearedAt: row.cleared_at!.toISOString() })),
    );
    expect(mine(result.diff.added)).toEqual([]);
    expect(result.diff.removed).toEqual([]);
    expect(result.diff.changed).toEqual([]);
    expect(result.diff.unchanged).toBe(stored.length);
  });
});
