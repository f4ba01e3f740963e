import type { Kafka, Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { AlertChangeSchema, CONTENT_TYPE_PROTOBUF, DispatchTaskSchema, HEADER_CONTENT_TYPE, TOPIC_ALERTS, TOPIC_DISPATCH, type AlertChange, type DispatchTask } from '@urban-brain/proto';
import { toBinary } from '@bufbuild/protobuf';

/** Adds a record to the outbox inside the caller's transaction (migration 011, kafka_outbox). */
export async function enqueueOutbox(client: PoolClient, topic: string, key: string, payload: Uint8Array): Promise<void> {
  await client.query('INSERT INTO kafka_outbox (topic, key, payload) VALUES ($1, $2, $3)', [topic, key, Buffer.from(payload)]);
}

/** An alert's change for ub.alerts.v1, keyed by alert id so one alert's changes stay in order. */
export function enqueueAlertChange(client: PoolClient, change: AlertChange): Promise<void> {
  return enqueueOutbox(client, TOPIC_ALERTS, change.alertId, toBinary(AlertChangeSchema, change));
}

/** A dispatch task for ub.dispatch.v1, keyed by vehicle. */
export function enqueueDispatchTask(client: PoolClient, task: DispatchTask): Promise<void> {
  return enqueueOutbox(client, TOPIC_DISPATCH, task.vehicleId, toBinary(DispatchTaskSchema, task));
}

// Arbitrary constant: one relay at a time publishes, so one key's records keep their order.
const RELAY_LOCK = 4_242_011;
const BATCH = 500;

/**
 * Publishes the outbox in id order and deletes what the broker acknowledged, in one transaction
 * holding an advisory lock: whichever process holds it sends; a failed send leaves the rows for the
 * next round. `topicOf` maps a row's topic to the configured one (a renamed topic in a deployment).
 */
export class KafkaOutboxRelay {
  private readonly producer: Producer;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private connected = false;
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    kafka: Kafka,
    private readonly logger: Logger,
    private readonly topicOf: (topic: string) => string = (topic) => topic,
    private readonly everyMs = 250,
  ) {
    // One request in flight keeps each key's order. Not idempotent: kafkajs's idempotent producer wants
    // unbounded retries, and a round must give up (rows stay for the next one) when the broker is away.
    // A retried send may write a record twice; readers keep the newest change per alert, so a
    // duplicate changes nothing, and the simulator ignores a task id it has seen.
    this.producer = kafka.producer({ maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.everyMs);
    this.timer.unref();
  }

  /** Publish now (after a commit that added rows); coalesces with a round in progress. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round()
      .catch((error: unknown) => this.logger.warn({ context: 'KafkaOutbox' }, `outbox not published yet: ${(error as Error).message}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    if (this.connected) await this.producer.disconnect();
  }

  private async round(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows: locked } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [RELAY_LOCK]);
      if (!locked[0]!.got) {
        await client.query('ROLLBACK');
        return;
      }
      const { rows } = await client.query<{ id: string; topic: string; key: string; payload: Buffer }>('SELECT id::text, topic, key, payload FROM kafka_outbox ORDER BY id LIMIT $1', [BATCH]);
      if (rows.length === 0) {
        await client.query('ROLLBACK');
        return;
      }
      if (!this.connected) {
        await this.producer.connect();
        this.connected = true;
      }
      const byTopic = new Map<string, { key: string; value: Buffer; headers: Record<string, string> }[]>();
      for (const row of rows) {
        const topic = this.topicOf(row.topic);
        const messages = byTopic.get(topic) ?? [];
        messages.push({ key: row.key, value: row.payload, headers: { [HEADER_CONTENT_TYPE]: CONTENT_TYPE_PROTOBUF } });
        byTopic.set(topic, messages);
      }
      await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      // Exactly the rows sent: a transaction still open when they were read may commit a lower id later.
      await client.query('DELETE FROM kafka_outbox WHERE id = ANY($1::bigint[])', [rows.map((row) => row.id)]);
      await client.query('COMMIT');
      if (rows.length === BATCH) this.again = true;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
