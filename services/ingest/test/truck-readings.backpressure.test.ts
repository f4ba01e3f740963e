import { Client, Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetIngestConsumer } from '../src/fleet-ingest/fleet-ingest.consumer';
import { InProcessIngest } from './support/ingest-app';
import { integrationEnv, uniqueRunId, waitFor } from './support/integration-env';
import { KafkaFixtures, readingMessage, truckReading } from './support/kafka-fixtures';

const env = integrationEnv();

// Small fetches, so "bounded" means a few dozen records, not megabytes.
const MAX_BYTES_PER_PARTITION = 8 * 1024;
const MAX_BYTES_PER_FETCH = 16 * 1024;
const READINGS_PER_TRUCK = 1_500;
const SEND_SIZE = 50;

/**
 * The database falls behind: another transaction holds, uncommitted, the key of the next reading
 * of each test truck, so ingest's INSERT ... ON CONFLICT waits on it, and after lock_timeout fails.
 * Only this run's trucks are blocked; every other user of the shared database goes on.
 */
describe('ingest pauses its consumer while the database falls behind', () => {
  const run = uniqueRunId();
  const topic = `it.ingest.backpressure.${run}`;
  const deadLetterTopic = `it.ingest.backpressure.dl.${run}`;
  const groupId = `it-ingest-backpressure-${run}`;
  const trucks = [`IT-${run}-BP-A`, `IT-${run}-BP-B`];
  const kafka = new KafkaFixtures(env.KAFKA_BROKERS);
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 2 });
  const blocker = new Client({ connectionString: env.DATABASE_URL });
  let ingest: InProcessIngest | undefined;

  const separator = env.DATABASE_URL.includes('?') ? '&' : '?';
  const ingestEnv = {
    ...env,
    // A blocked write fails after 1.5 s, so both the slow and the failing path are taken.
    DATABASE_URL: `${env.DATABASE_URL}${separator}options=${encodeURIComponent('-c lock_timeout=1500')}`,
    INGEST_STREAMS: 'truck-readings',
    INGEST_TRUCK_TOPIC: topic,
    INGEST_GROUP_ID: groupId,
    DEAD_LETTER_TOPIC: deadLetterTopic,
    INGEST_SESSION_TIMEOUT_MS: '10000',
    INGEST_SLOW_WRITE_MS: '300',
    INGEST_WRITE_RETRY_MAX_MS: '500',
    INGEST_MAX_BYTES_PER_PARTITION: String(MAX_BYTES_PER_PARTITION),
    INGEST_MAX_BYTES_PER_FETCH: String(MAX_BYTES_PER_FETCH),
  };
  const status = () => ingest!.app.get(FleetIngestConsumer).getStatus();
  // Each truck on its own partition: both partitions are blocked, and both must wait.
  const messagesOf = (truck: number, seqs: number[]) =>
    seqs.map((seq) => ({ ...readingMessage(truckReading(trucks[truck]!, seq)), partition: truck }));

  beforeAll(async () => {
    await kafka.connect();
    await kafka.createTopic(topic, 2);
    await kafka.createTopic(deadLetterTopic, 1);
    await blocker.connect();
  });

  afterAll(async () => {
    await blocker.query('ROLLBACK').catch(() => undefined);
    await blocker.end().catch(() => undefined);
    await ingest?.close();
    await kafka.close();
    await pool.query('DELETE FROM truck_readings WHERE truck_id = ANY($1)', [trucks]).catch(() => undefined);
    await pool.end();
  });

  it('pauses while writes are blocked, holds no more than one fetch, and stores everything exactly once after', async () => {
    ingest = await InProcessIngest.start(ingestEnv);
    await waitFor('a healthy ingest', async () => ((await ingest!.health()).status === 200 ? true : undefined));
    await kafka.produce(topic, [...messagesOf(0, [1]), ...messagesOf(1, [1])]);
    await waitFor('the first readings stored', () => (ingest!.totals().accepted === 2 ? true : undefined));
    expect(status().backpressure).toMatchObject({ paused: false, pauses: 0 });

    // The database "falls behind": the next reading of each truck is locked by an open transaction.
    await blocker.query('BEGIN');
    for (const truckId of trucks) {
      const next = truckReading(truckId, 2);
      await blocker.query(
        `INSERT INTO truck_readings (truck_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind)
         VALUES ($1, 2, $2, 0, 0, 0, 0, 0, 0, 0)`,
        [truckId, new Date(Number(next.recordedAtMs))],
      );
    }

    const seqs = Array.from({ length: READINGS_PER_TRUCK }, (_, i) => i + 2);
    for (let i = 0; i < seqs.length; i += SEND_SIZE) {
      const part = seqs.slice(i, i + SEND_SIZE);
      await kafka.produce(topic, [...messagesOf(0, part), ...messagesOf(1, part)]);
    }

    // Observable: the consumer says it is paused, and why; /health says so too.
    const paused = await waitFor('the consumer paused after a failed write', () => {
      const { backpressure } = status();
      return backpressure.paused && backpressure.failedWrites >= 1 ? backpressure : undefined;
    });
    expect(paused.reason).toMatch(/^database write (running longer than 300 ms|failed: canceling statement due to lock timeout)$/);
    expect(paused.slowWrites).toBeGreaterThanOrEqual(1);
    const health = await ingest.health();
    expect(health.status).toBe(503);
    expect((health.body as { checks: Record<string, string> }).checks.kafka).toMatch(/^down: consumer paused for \d+ s: database write/);

    // Give it a few failed attempts' time: still paused, and the readings wait in Kafka, not in memory.
    await waitFor('three failed writes', () => (status().backpressure.failedWrites >= 3 ? true : undefined), 30_000);
    const { held, backpressure } = status();
    expect(backpressure.paused).toBe(true);
    expect(held.maxBytes).toBeLessThanOrEqual(MAX_BYTES_PER_FETCH);
    expect(held.maxRecords).toBeLessThan(READINGS_PER_TRUCK / 4);
    const committed = await kafka.committedOffsets(groupId, topic);
    const high = await kafka.highWatermarks(topic);
    const lag = [...high].reduce((sum, [partition, end]) => sum + Number(end - (committed.get(partition) ?? 0n)), 0);
    expect(lag).toBe(2 * READINGS_PER_TRUCK);
    expect(ingest.totals().accepted).toBe(2);

    // The database catches up: the blocking transaction goes away without storing anything.
    await blocker.query('ROLLBACK');
    await waitFor(
      'every reading stored',
      async () => {
        const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM truck_readings WHERE truck_id = ANY($1)', [trucks]);
        return Number(rows[0]!.n) === 2 * (READINGS_PER_TRUCK + 1) ? true : undefined;
      },
      60_000,
      200,
    );
    const { rows: repeated } = await pool.query('SELECT truck_id, seq, count(*) FROM truck_readings WHERE truck_id = ANY($1) GROUP BY truck_id, seq HAVING count(*) <> 1', [trucks]);
    expect(repeated).toEqual([]);
    const { rows: perTruck } = await pool.query<{ truck_id: string; n: string; lo: string; hi: string }>(
      'SELECT truck_id, count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM truck_readings WHERE truck_id = ANY($1) GROUP BY truck_id ORDER BY truck_id',
      [trucks],
    );
    expect(perTruck.map((r) => [r.truck_id, Number(r.n), Number(r.lo), Number(r.hi)])).toEqual(trucks.map((t) => [t, READINGS_PER_TRUCK + 1, 1, READINGS_PER_TRUCK + 1]));
    // The placeholder rows were rolled back: what is stored is the readings' own values.
    const { rows: second } = await pool.query<{ load_kg: number }>('SELECT load_kg FROM truck_readings WHERE truck_id = ANY($1) AND seq = 2', [trucks]);
    expect(second.map((r) => r.load_kg)).toEqual([1002, 1002]);

    await waitFor('the consumer resumed and healthy', async () => (!status().backpressure.paused && (await ingest!.health()).status === 200 ? true : undefined));
    expect(status().backpressure.pauses).toBeGreaterThanOrEqual(1);
    await waitFor('offsets committed to the end', async () => {
      const offsets = await kafka.committedOffsets(groupId, topic);
      return [...high].every(([partition, end]) => offsets.get(partition) === end) ? true : undefined;
    });
  });
});
