import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { create, fromBinary, toBinary, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createKafka, createLogger, createPool, FLEET_STREAMS, JsonNestLogger, parseConfig } from '@urban-brain/common';
import { AlertChangeSchema, type AlertChange } from '@urban-brain/proto';
import type { Admin, Consumer, Producer } from 'kafkajs';
import type { Pool } from 'pg';
import { AppModule } from '../src/app.module';
import { alertingConfigSchema, TOPIC_VARIABLE_OF } from '../src/config/alerting.config';

// The rules service on the real broker and database, for one test file: its own topics (one per fleet
// stream, the alerts and dispatch topics), its own consumer group, the rules YAML the file gives, a
// reader of the alerts topic, and a producer that sends any fleet stream's message by stream name.

export interface AlertRow {
  id: string;
  rule: string;
  entity_id: string;
  state: string;
  condition_active: boolean;
  occurrences: number;
  title: string;
  title_zh: string;
  incident_key: string | null;
  lon: number | null;
  lat: number | null;
}

export function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const attempt = async (): Promise<T> => {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
    return attempt();
  };
  return attempt();
}

export class RulesServiceHarness {
  readonly run = randomUUID().slice(0, 8);
  readonly published: AlertChange[] = [];
  readonly topicOfStream = Object.fromEntries(FLEET_STREAMS.map((stream) => [stream.name, `ub.test.alerting.${stream.name}.${this.run}`]));
  private readonly alertsTopic = `ub.test.alerting.alerts.${this.run}`;
  private readonly dispatchTopic = `ub.test.alerting.dispatch.${this.run}`;
  private readonly logger = createLogger('alerting-test', process.env.ALERTING_TEST_LOG ?? 'warn');
  private admin!: Admin;
  private producer!: Producer;
  private consumer!: Consumer;
  pool!: Pool;
  private service: INestApplication | undefined;
  private readonly seqOf = new Map<string, number>();

  constructor(private readonly rulesYaml: (run: string) => string) {}

  private get env() {
    const { KAFKA_BROKERS, DATABASE_URL } = process.env;
    if (!KAFKA_BROKERS || !DATABASE_URL) throw new Error('KAFKA_BROKERS / DATABASE_URL are not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');
    return { KAFKA_BROKERS, DATABASE_URL };
  }

  async setUp(): Promise<void> {
    const { KAFKA_BROKERS, DATABASE_URL } = this.env;
    const kafka = createKafka({ clientId: `alerting-test-${this.run}`, brokers: KAFKA_BROKERS.split(','), logger: this.logger });
    this.admin = kafka.admin();
    await this.admin.connect();
    await this.admin.createTopics({ topics: this.topics().map((topic) => ({ topic, numPartitions: 2, replicationFactor: 1 })), waitForLeaders: true });
    this.producer = kafka.producer({ allowAutoTopicCreation: false });
    await this.producer.connect();
    this.consumer = kafka.consumer({ groupId: `alerting-test-reader-${this.run}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.alertsTopic], fromBeginning: true });
    await this.consumer.run({ eachMessage: async ({ message }) => void this.published.push(fromBinary(AlertChangeSchema, message.value!)) });
    this.pool = createPool(DATABASE_URL, 2, 'alerting-test');
  }

  async tearDown(): Promise<void> {
    await this.service?.close();
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    await this.admin?.deleteTopics({ topics: this.topics() }).catch(() => undefined);
    await this.admin?.disconnect();
    await this.pool?.end();
  }

  async start(): Promise<void> {
    const { KAFKA_BROKERS, DATABASE_URL } = this.env;
    const rulesFile = path.join(mkdtempSync(path.join(tmpdir(), 'alerting-rules-')), 'rules.yaml');
    writeFileSync(rulesFile, this.rulesYaml(this.run));
    const config = parseConfig(alertingConfigSchema, {
      KAFKA_BROKERS,
      DATABASE_URL,
      DATABASE_POOL_SIZE: '3',
      LOG_LEVEL: 'warn',
      ALERTING_GROUP_ID: `ub-alerting-test-${this.run}`,
      ALERTS_TOPIC: this.alertsTopic,
      DISPATCH_TOPIC: this.dispatchTopic,
      ALERTING_RULES_FILE: rulesFile,
      ...Object.fromEntries(FLEET_STREAMS.map((stream) => [TOPIC_VARIABLE_OF[stream.name]!, this.topicOfStream[stream.name]!])),
    });
    const app = await NestFactory.create(AppModule.register(config, this.logger), { logger: new JsonNestLogger(this.logger) });
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/health`;
    await until('the rules service to go live', async () => (await fetch(url)).ok || undefined);
    this.service = app;
  }

  async stop(): Promise<void> {
    await this.service?.close();
    this.service = undefined;
  }

  /** Sends messages of one fleet stream, each keyed by its entity, with the next seq of that entity and the time given (default now). */
  async produce<D extends DescMessage>(streamName: string, messages: { entityId: string; atMs?: number; fields: Omit<MessageInitShape<D>, '$typeName'> }[]): Promise<void> {
    const stream = FLEET_STREAMS.find((s) => s.name === streamName);
    if (!stream) throw new Error(`no fleet stream ${streamName}`);
    const keyField = stream.keyField.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const encoded = messages.map(({ entityId, atMs, fields }) => {
      const seq = (this.seqOf.get(entityId) ?? 0) + 1;
      this.seqOf.set(entityId, seq);
      const init = { ...fields, [keyField]: entityId, seq, recordedAtMs: BigInt(atMs ?? Date.now()) } as MessageInitShape<DescMessage>;
      return { key: entityId, value: Buffer.from(toBinary(stream.schema, create(stream.schema, init))) };
    });
    await this.producer.send({ topic: this.topicOfStream[streamName]!, messages: encoded });
  }

  async alerts(rule: string, entityId?: string): Promise<AlertRow[]> {
    const sql = `SELECT id, rule, entity_id, state, condition_active, occurrences, title, title_zh, incident_key, lon, lat
                   FROM alerts WHERE rule = $1 ${entityId === undefined ? '' : 'AND entity_id = $2'} ORDER BY raised_at, id`;
    return (await this.pool.query<AlertRow>(sql, entityId === undefined ? [rule] : [rule, entityId])).rows;
  }

  /** The one alert of a rule (and entity) once it is stored. */
  async alertOnce(rule: string, entityId?: string, timeoutMs = 30_000): Promise<AlertRow> {
    const rows = await until(`an alert of ${rule} ${entityId ?? ''}`, async () => {
      const found = await this.alerts(rule, entityId);
      return found.length > 0 ? found : undefined;
    }, timeoutMs);
    if (rows.length !== 1) throw new Error(`${rule} ${entityId ?? ''}: ${rows.length} alerts, expected one`);
    return rows[0]!;
  }

  /** Waits until the alert's state (and whether its condition holds) is as given. */
  async alertBecomes(id: string, state: string, timeoutMs = 30_000): Promise<AlertRow> {
    return until(`alert ${id} to become ${state}`, async () => {
      const row = (await this.pool.query<AlertRow>('SELECT * FROM alerts WHERE id = $1', [id])).rows[0];
      return row && row.state === state ? row : undefined;
    }, timeoutMs);
  }

  async steps(alertId: string): Promise<string[]> {
    return (await this.pool.query<{ action: string }>('SELECT action FROM alert_events WHERE alert_id = $1 ORDER BY at, id', [alertId])).rows.map((r) => r.action);
  }

  private topics(): string[] {
    return [...Object.values(this.topicOfStream), this.alertsTopic, this.dispatchTopic];
  }
}
