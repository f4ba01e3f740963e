import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessIngest } from './support/ingest-app';
import { integrationEnv, uniqueRunId, waitFor } from './support/integration-env';
import { KafkaFixtures, readingMessage, truckReading } from './support/kafka-fixtures';

const env = integrationEnv();

describe('ingest stores each truck reading exactly once', () => {
  const run = uniqueRunId();
  const topic = `it.ingest.once.${run}`;
  const deadLetterTopic = `it.ingest.once.dl.${run}`;
  const groupId = `it-ingest-once-${run}`;
  const truckId = `IT-${run}-ONCE`;
  const kafka = new KafkaFixtures(env.KAFKA_BROKERS);
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 2 });
  const ingestEnv = { ...env, INGEST_STREAMS: 'truck-readings', INGEST_TRUCK_TOPIC: topic, INGEST_GROUP_ID: groupId, DEAD_LETTER_TOPIC: deadLetterTopic, INGEST_SESSION_TIMEOUT_MS: '10000' };
  let ingest: InProcessIngest | undefined;

  const rowsPerSeq = async () => {
    const { rows } = await pool.query<{ seq: string; n: string }>('SELECT seq, count(*) AS n FROM truck_readings WHERE truck_id = $1 GROUP BY seq ORDER BY seq', [truckId]);
    return Object.fromEntries(rows.map((r) => [Number(r.seq), Number(r.n)]));
  };

  beforeAll(async () => {
    await kafka.connect();
    await kafka.createTopic(topic, 3);
    await kafka.createTopic(deadLetterTopic, 1);
  });

  afterAll(async () => {
    await ingest?.close();
    await kafka.close();
    await pool.query('DELETE FROM truck_readings WHERE truck_id = $1', [truckId]).catch(() => undefined);
    await pool.end();
  });

  it('stores a reading once, even when it arrives twice, and reports healthy', async () => {
    ingest = await InProcessIngest.start(ingestEnv);
    const health = await waitFor('a healthy ingest', async () => {
      const h = await ingest!.health();
      return h.status === 200 ? h : undefined;
    });
    expect(health.body).toEqual({ status: 'ok', checks: { kafka: 'up', database: 'up' } });

    // The same record twice in one send: normally one fetch, so the in-batch dedupe is what stops it.
    const first = truckReading(truckId, 1);
    await kafka.produce(topic, [readingMessage(first), readingMessage(first)]);
    await waitFor('both records processed', () => (ingest!.totals().received === 2 ? true : undefined));

    expect(await rowsPerSeq()).toEqual({ 1: 1 });
    expect(ingest.totals()).toMatchObject({ received: 2, accepted: 1, duplicatesSkipped: 1 });
    const { rows } = await pool.query('SELECT lon, lat, speed_kmh, load_kg, task_state, kind, recorded_at FROM truck_readings WHERE truck_id = $1', [truckId]);
    expect(rows[0]).toMatchObject({ lon: first.lon, lat: first.lat, speed_kmh: 18.5, load_kg: 1001, task_state: 4, kind: 3 });
    expect((rows[0] as { recorded_at: Date }).recorded_at.getTime()).toBe(Number(first.recordedAtMs));
  });

  it('writes nothing twice when the whole partition is delivered again', async () => {
    await ingest!.close();
    ingest = undefined;
    // As if the offsets had never been committed (a crash before the commit): everything comes again.
    await kafka.resetGroupToEarliest(groupId, topic);
    const committed = await kafka.committedOffsets(groupId, topic);
    expect([...committed.values()].every((offset) => offset <= 0n)).toBe(true);

    ingest = await InProcessIngest.start(ingestEnv);
    // Same key, same partition: once seq 2 is stored, the replayed seq 1 records were processed before it.
    await kafka.produce(topic, [readingMessage(truckReading(truckId, 2))]);
    await waitFor('the replay and the new reading processed', () => (ingest!.totals().received === 3 ? true : undefined));

    expect(await rowsPerSeq()).toEqual({ 1: 1, 2: 1 });
    expect(ingest.totals()).toMatchObject({ received: 3, accepted: 1, duplicatesSkipped: 2 });

    // And the offsets are committed up to the end of the partition again.
    const high = await kafka.highWatermarks(topic);
    await waitFor('offsets committed to the end', async () => {
      const offsets = await kafka.committedOffsets(groupId, topic);
      return [...high].every(([partition, end]) => end === 0n || offsets.get(partition) === end) ? true : undefined;
    });
  });
});
