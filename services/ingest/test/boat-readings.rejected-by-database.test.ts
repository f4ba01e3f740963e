import { create, toBinary } from '@bufbuild/protobuf';
import { BoatReadingSchema, BoatTaskState, DeadLetterReason, HEADER_CORRELATION_ID, VesselSightingSchema, type BoatReading, type DeadLetter } from '@urban-brain/proto';
import type { Message } from 'kafkajs';
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetIngestConsumer } from '../src/fleet-ingest/fleet-ingest.consumer';
import { InProcessIngest } from './support/ingest-app';
import { integrationEnv, uniqueRunId, waitFor } from './support/integration-env';
import { KafkaFixtures } from './support/kafka-fixtures';

const env = integrationEnv();

// An hour ago, whole seconds: inside the validator's window.
const BASE_MS = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
const READINGS = 20;
const POISON_SEQ = 13;

/**
 * A record the checks accept but PostgreSQL refuses: the boat validator bounds a sighting's note
 * by length only, and a text column cannot hold a NUL byte (22021 invalid byte sequence), so the
 * transaction holding it fails every time it is written. Before, that batch kept the consumer paused
 * and retrying for good; now its transaction is bisected, the one row is dead-lettered and the rest
 * stored.
 */
describe('ingest dead-letters a row the database refuses and stores the rest of its batch', () => {
  const run = uniqueRunId();
  const topic = `it.ingest.dbreject.${run}`;
  const deadLetterTopic = `it.ingest.dbreject.dl.${run}`;
  const groupId = `it-ingest-dbreject-${run}`;
  const boatId = `IT-${run}-DBR`;
  const kafka = new KafkaFixtures(env.KAFKA_BROKERS);
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 2 });
  const letters: { letter: DeadLetter; key: Buffer | null; correlationId: string | undefined }[] = [];
  const ingestEnv = { ...env, INGEST_STREAMS: 'boat-readings', INGEST_BOAT_TOPIC: topic, INGEST_GROUP_ID: groupId, DEAD_LETTER_TOPIC: deadLetterTopic };
  let ingest: InProcessIngest | undefined;

  const reading = (seq: number): BoatReading =>
    create(BoatReadingSchema, {
      boatId,
      seq,
      recordedAtMs: BigInt(BASE_MS + seq * 1000),
      lon: 105.05,
      lat: 29.57,
      speedKmh: 5,
      headingDeg: 90,
      debrisKg: seq,
      batteryPct: 80,
      taskState: BoatTaskState.SWEEPING,
      // Every fifth reading reports a fishing boat; the poison one reports it with a NUL in the note.
      vesselSightings:
        seq === POISON_SEQ || seq % 5 === 0
          ? [create(VesselSightingSchema, { sightingId: `${boatId}-S${seq}`, lon: 105.051, lat: 29.571, note: seq === POISON_SEQ ? 'net\u0000cast' : 'net cast' })]
          : [],
    });
  const message = (seq: number): Message => ({
    key: boatId,
    value: Buffer.from(toBinary(BoatReadingSchema, reading(seq))),
    headers: { [HEADER_CORRELATION_ID]: `it-${boatId}-${seq}` },
  });
  const storedSeqs = async () => {
    const { rows } = await pool.query<{ seq: string; n: string }>('SELECT seq, count(*) AS n FROM boat_readings WHERE boat_id = $1 GROUP BY seq ORDER BY seq', [boatId]);
    return rows.map((r) => ({ seq: Number(r.seq), n: Number(r.n) }));
  };
  const storedSightings = async () => {
    const { rows } = await pool.query<{ sighting_id: string; reading_seq: string }>('SELECT sighting_id, reading_seq FROM vessel_sightings WHERE boat_id = $1 ORDER BY reading_seq', [boatId]);
    return rows.map((r) => `${r.sighting_id}@${r.reading_seq}`);
  };
  const allCommitted = async () => {
    const [committed, high] = await Promise.all([kafka.committedOffsets(groupId, topic), kafka.highWatermarks(topic)]);
    return [...high].every(([partition, end]) => committed.get(partition) === end) ? true : undefined;
  };
  const status = () => ingest!.app.get(FleetIngestConsumer).getStatus();

  beforeAll(async () => {
    await kafka.connect();
    // One partition, one send: the readings arrive as one batch and are written in one transaction.
    await kafka.createTopic(topic, 1);
    await kafka.createTopic(deadLetterTopic, 1);
    await kafka.collectDeadLetters(deadLetterTopic, `it-ingest-dbreject-reader-${run}`, letters);
  });

  afterAll(async () => {
    await ingest?.close();
    await kafka.close();
    await pool.query('DELETE FROM vessel_sightings WHERE boat_id = $1', [boatId]).catch(() => undefined);
    await pool.query('DELETE FROM boat_readings WHERE boat_id = $1', [boatId]).catch(() => undefined);
    await pool.end();
  });

  it('stores the others once, dead-letters the refused one with its SQLSTATE, commits, and stays unpaused; a replay changes nothing', async () => {
    const seqs = Array.from({ length: READINGS }, (_, i) => i + 1);
    const [sent] = await kafka.produce(topic, seqs.map(message));
    expect(sent?.baseOffset).toBeDefined();
    const poisonOffset = (BigInt(sent!.baseOffset!) + BigInt(POISON_SEQ - 1)).toString();
    const expectedRows = seqs.filter((seq) => seq !== POISON_SEQ).map((seq) => ({ seq, n: 1 }));
    const expectedSightings = [5, 10, 15, 20].map((seq) => `${boatId}-S${seq}@${seq}`);

    ingest = await InProcessIngest.start(ingestEnv);
    await waitFor('the other readings stored', async () => ((await storedSeqs()).length === READINGS - 1 ? true : undefined));
    await waitFor('the refused reading dead-lettered', () => (letters.length >= 1 ? true : undefined));
    await waitFor('offsets committed to the end', allCommitted);

    expect(await storedSeqs()).toEqual(expectedRows);
    // The poison reading's sighting went with it: a reading and its sightings are one row's worth.
    expect(await storedSightings()).toEqual(expectedSightings);

    expect(letters).toHaveLength(1);
    const [{ letter, key, correlationId }] = letters as [(typeof letters)[number]];
    expect(letter).toMatchObject({ sourceTopic: topic, sourcePartition: 0, sourceOffset: poisonOffset, reason: DeadLetterReason.REJECTED_BY_DATABASE, service: 'ingest' });
    expect(letter.detail).toBe('SQLSTATE 22021: invalid byte sequence for encoding "UTF8": 0x00');
    expect(Buffer.from(letter.originalValue)).toEqual(message(POISON_SEQ).value);
    expect(key?.toString()).toBe(boatId);
    expect(correlationId).toBe(`it-${boatId}-${POISON_SEQ}`);

    expect(ingest.totals()).toMatchObject({ received: READINGS, accepted: READINGS - 1, duplicatesSkipped: 0, deadLettered: { REJECTED_BY_DATABASE: 1, INVALID_FIELD: 0 } });
    // No failed write reached the backpressure: the consumer was never held on this batch.
    expect(status().backpressure).toMatchObject({ paused: false, failedWrites: 0 });
    expect((await ingest.health()).status).toBe(200);

    // It goes on: a later reading is stored and committed too.
    await kafka.produce(topic, [message(READINGS + 1)]);
    await waitFor('the next reading stored', async () => ((await storedSeqs()).some((r) => r.seq === READINGS + 1) ? true : undefined));
    await waitFor('offsets committed past it', allCommitted);

    // A crash before the commit would replay the batch: replay it on purpose, in a new process.
    await ingest.close();
    ingest = undefined;
    await kafka.resetGroupToEarliest(groupId, topic);
    ingest = await InProcessIngest.start(ingestEnv);
    await waitFor('the replay ingested', () => (ingest!.totals().received === READINGS + 1 ? true : undefined));
    await waitFor('the refused reading dead-lettered again', () => (letters.length >= 2 ? true : undefined));
    await waitFor('offsets committed to the end again', allCommitted);

    // Nothing stored twice: the halves rewritten by the bisection were skipped by the table's key.
    expect(await storedSeqs()).toEqual([...expectedRows, { seq: READINGS + 1, n: 1 }]);
    expect(await storedSightings()).toEqual(expectedSightings);
    expect(ingest.totals()).toMatchObject({ received: READINGS + 1, accepted: 0, duplicatesSkipped: READINGS, deadLettered: { REJECTED_BY_DATABASE: 1 } });
    // Dead letters are at-least-once: the replay sends the same one again.
    expect(letters[1]!.letter).toMatchObject({ sourceOffset: poisonOffset, reason: DeadLetterReason.REJECTED_BY_DATABASE });
    expect(status().backpressure).toMatchObject({ paused: false, failedWrites: 0 });
  });
});
