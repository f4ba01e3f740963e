import { DeadLetterReason, type DeadLetter } from '@urban-brain/proto';
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessIngest } from './support/ingest-app';
import { integrationEnv, uniqueRunId, waitFor } from './support/integration-env';
import { KafkaFixtures, readingMessage, truckReading } from './support/kafka-fixtures';

const env = integrationEnv();

describe('ingest dead-letters bad records and carries on', () => {
  const run = uniqueRunId();
  const topic = `it.ingest.dl.${run}`;
  const deadLetterTopic = `it.ingest.dl.out.${run}`;
  const truckId = `IT-${run}-DL`;
  const kafka = new KafkaFixtures(env.KAFKA_BROKERS);
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 2 });
  const letters: { letter: DeadLetter; key: Buffer | null; correlationId: string | undefined }[] = [];
  let ingest: InProcessIngest | undefined;

  beforeAll(async () => {
    await kafka.connect();
    await kafka.createTopic(topic, 3);
    await kafka.createTopic(deadLetterTopic, 1);
    await kafka.collectDeadLetters(deadLetterTopic, `it-ingest-dl-reader-${run}`, letters);
    ingest = await InProcessIngest.start({ ...env, INGEST_STREAMS: 'truck-readings', INGEST_TRUCK_TOPIC: topic, INGEST_GROUP_ID: `it-ingest-dl-${run}`, DEAD_LETTER_TOPIC: deadLetterTopic });
  });

  afterAll(async () => {
    await ingest?.close();
    await kafka.close();
    await pool.query('DELETE FROM truck_readings WHERE truck_id = $1', [truckId]).catch(() => undefined);
    await pool.end();
  });

  it('sends garbage, a bad field and a wrong key to the dead-letter topic with the reason', async () => {
    const garbage = Buffer.from('definitely not a protobuf message');
    const [garbageAt] = await kafka.produce(topic, [{ key: truckId, value: garbage, headers: { 'x-correlation-id': `garbage-${run}` } }]);
    const [badLatAt] = await kafka.produce(topic, [readingMessage(truckReading(truckId, 1, { lat: 123 }))]);
    const [badKeyAt] = await kafka.produce(topic, [readingMessage(truckReading(truckId, 2), `IT-${run}-SOMEONE-ELSE`)]);
    // Produced after the bad ones: stored only if ingestion went on past them.
    await kafka.produce(topic, [readingMessage(truckReading(truckId, 3))]);

    await waitFor('the valid reading stored', async () => {
      const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM truck_readings WHERE truck_id = $1', [truckId]);
      return Number(rows[0]!.n) === 1 ? true : undefined;
    });
    await waitFor('three dead letters', () => (letters.length >= 3 ? true : undefined));

    const byReason = new Map(letters.map((l) => [l.letter.reason, l]));
    expect(letters).toHaveLength(3);

    const undecodable = byReason.get(DeadLetterReason.UNDECODABLE)!;
    expect(undecodable.letter).toMatchObject({
      sourceTopic: topic,
      sourcePartition: garbageAt!.partition,
      sourceOffset: garbageAt!.baseOffset,
      service: 'ingest',
    });
    expect(undecodable.letter.detail).toMatch(/^value: not a TruckReading protobuf \(.+\)$/);
    expect(Buffer.from(undecodable.letter.originalValue)).toEqual(garbage);
    expect(undecodable.key?.toString()).toBe(truckId);
    expect(undecodable.correlationId).toBe(`garbage-${run}`);

    const invalid = byReason.get(DeadLetterReason.INVALID_FIELD)!;
    expect(invalid.letter).toMatchObject({
      sourceTopic: topic,
      sourcePartition: badLatAt!.partition,
      sourceOffset: badLatAt!.baseOffset,
      detail: 'lat: must be between -90 and 90 (got 123)',
    });
    expect(invalid.correlationId).toBe(`it-${truckId}-1`);

    const badKey = byReason.get(DeadLetterReason.BAD_KEY)!;
    expect(badKey.letter).toMatchObject({
      sourcePartition: badKeyAt!.partition,
      sourceOffset: badKeyAt!.baseOffset,
      detail: `key: "IT-${run}-SOMEONE-ELSE" does not match truck_id "${truckId}"`,
    });
    expect(badKey.key?.toString()).toBe(`IT-${run}-SOMEONE-ELSE`);

    // Only the valid reading reached the table.
    const { rows } = await pool.query<{ seq: string }>('SELECT seq FROM truck_readings WHERE truck_id = $1', [truckId]);
    expect(rows.map((r) => Number(r.seq))).toEqual([3]);
    expect(ingest!.totals()).toMatchObject({ accepted: 1, deadLettered: { UNDECODABLE: 1, INVALID_FIELD: 1, BAD_KEY: 1 } });
  });
});
