import { create, toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import {
  AmbulanceReadingSchema,
  AmbulanceState,
  CallStage,
  DeadLetterReason,
  EmergencyCallEventSchema,
  HEADER_CONTENT_TYPE,
  HEADER_CORRELATION_ID,
  type DeadLetter,
} from '@urban-brain/proto';
import type { Message } from 'kafkajs';
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessIngest } from './support/ingest-app';
import { integrationEnv, uniqueRunId, waitFor } from './support/integration-env';
import { KafkaFixtures } from './support/kafka-fixtures';

const env = integrationEnv();

// Two hours ago, on a whole hour: the call's hour is complete, so the roll-up holds it.
const HOUR_MS = 3_600_000;
const BASE_MS = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 2 * HOUR_MS;

const protobufMessage = <Desc extends DescMessage>(schema: Desc, key: string, message: MessageShape<Desc>): Message => ({
  key,
  value: Buffer.from(toBinary(schema, message)),
  headers: { [HEADER_CORRELATION_ID]: `it-${key}-pb` },
});

describe('ingest stores the ambulance fleet like every other: once, dead letters with the reason, the calls rolled up', () => {
  const run = uniqueRunId();
  const topics = { readings: `it.ingest.ambulances.readings.${run}`, calls: `it.ingest.ambulances.calls.${run}` };
  const deadLetterTopic = `it.ingest.ambulances.dl.${run}`;
  const ambulanceId = `IT-${run}-AMB-1`;
  const callId = `IT-${run}-CALL-1`;
  const kafka = new KafkaFixtures(env.KAFKA_BROKERS);
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 2 });
  const letters: { letter: DeadLetter; key: Buffer | null; correlationId: string | undefined }[] = [];
  let ingest: InProcessIngest | undefined;

  const reading = (seq: number, state: AmbulanceState, call = callId) =>
    create(AmbulanceReadingSchema, {
      ambulanceId,
      seq,
      recordedAtMs: BigInt(BASE_MS + seq * 1000),
      lon: 105.06 + seq * 0.0001,
      lat: 29.58,
      speedKmh: 62,
      headingDeg: 90,
      state,
      callId: call,
      stationId: 'site:ambulance-station-1',
    });
  const step = (seq: number, stage: CallStage, atMs: number, extra: { ambulanceId?: string; hospitalId?: string } = {}) =>
    create(EmergencyCallEventSchema, {
      callId,
      seq,
      recordedAtMs: BigInt(atMs),
      stage,
      receivedAtMs: BigInt(BASE_MS),
      lon: 105.07,
      lat: 29.59,
      districtId: 'district:shizhong',
      priority: 1,
      ...extra,
    });

  beforeAll(async () => {
    await kafka.connect();
    for (const topic of Object.values(topics)) await kafka.createTopic(topic, 2);
    await kafka.createTopic(deadLetterTopic, 1);
    await kafka.collectDeadLetters(deadLetterTopic, `it-ingest-ambulances-reader-${run}`, letters);
    ingest = await InProcessIngest.start({
      ...env,
      INGEST_STREAMS: 'ambulance-readings,emergency-calls',
      INGEST_GROUP_ID: `it-ingest-ambulances-${run}`,
      INGEST_AMBULANCE_TOPIC: topics.readings,
      INGEST_EMERGENCY_CALL_TOPIC: topics.calls,
      DEAD_LETTER_TOPIC: deadLetterTopic,
    });
  });

  afterAll(async () => {
    await ingest?.close();
    await kafka.close();
    await pool.query('DELETE FROM ambulance_readings WHERE ambulance_id = $1', [ambulanceId]).catch(() => undefined);
    await pool.query('DELETE FROM emergency_call_events WHERE call_id = $1', [callId]).catch(() => undefined);
    await pool.end();
  });

  it('stores each reading and call step once though some arrive twice, and the hourly roll-up counts the call and its response time', async () => {
    const onScene = step(3, CallStage.ON_SCENE, BASE_MS + 540_000, { ambulanceId });
    await kafka.produce(topics.readings, [
      protobufMessage(AmbulanceReadingSchema, ambulanceId, reading(1, AmbulanceState.TO_SCENE)),
      protobufMessage(AmbulanceReadingSchema, ambulanceId, reading(1, AmbulanceState.TO_SCENE)),
      protobufMessage(AmbulanceReadingSchema, ambulanceId, reading(2, AmbulanceState.ON_SCENE)),
    ]);
    await kafka.produce(topics.calls, [
      protobufMessage(EmergencyCallEventSchema, callId, step(1, CallStage.RECEIVED, BASE_MS)),
      protobufMessage(EmergencyCallEventSchema, callId, step(2, CallStage.DISPATCHED, BASE_MS + 60_000, { ambulanceId })),
      protobufMessage(EmergencyCallEventSchema, callId, onScene),
      protobufMessage(EmergencyCallEventSchema, callId, onScene),
    ]);
    // A third-party dispatch system without protobuf: canonical proto3 JSON.
    await kafka.produce(topics.calls, [
      {
        key: callId,
        value: Buffer.from(
          JSON.stringify({
            callId,
            seq: 4,
            recordedAtMs: String(BASE_MS + 1_500_000),
            stage: 'CALL_STAGE_TRANSPORTING',
            receivedAtMs: String(BASE_MS),
            lon: 105.07,
            lat: 29.59,
            priority: 1,
            ambulanceId,
            hospitalId: 'site:hospital-first-people',
          }),
        ),
        headers: { [HEADER_CONTENT_TYPE]: 'application/json' },
      },
    ]);

    await waitFor('every record processed', () => (ingest!.totals().received === 8 ? true : undefined));
    expect(ingest!.totals()).toMatchObject({ received: 8, accepted: 6, duplicatesSkipped: 2 });
    const { rows: fixes } = await pool.query('SELECT seq, state, call_id, station_id FROM ambulance_readings WHERE ambulance_id = $1 ORDER BY seq', [ambulanceId]);
    expect(fixes).toEqual([
      { seq: '1', state: AmbulanceState.TO_SCENE, call_id: callId, station_id: 'site:ambulance-station-1' },
      { seq: '2', state: AmbulanceState.ON_SCENE, call_id: callId, station_id: 'site:ambulance-station-1' },
    ]);
    const { rows: steps } = await pool.query('SELECT stage, ambulance_id, hospital_id, received_at FROM emergency_call_events WHERE call_id = $1 ORDER BY seq', [callId]);
    expect(steps.map((s) => s.stage)).toEqual([CallStage.RECEIVED, CallStage.DISPATCHED, CallStage.ON_SCENE, CallStage.TRANSPORTING]);
    expect(steps[3]).toEqual({ stage: CallStage.TRANSPORTING, ambulance_id: ambulanceId, hospital_id: 'site:hospital-first-people', received_at: new Date(BASE_MS) });

    // Other runs may share the hour, so the roll-up is compared with what the raw events say for it.
    await pool.query('CALL ub_refresh_rollups($1::timestamptz, $2::timestamptz)', [new Date(BASE_MS), new Date(BASE_MS + HOUR_MS)]);
    const { rows: rolled } = await pool.query('SELECT calls_received, calls_on_scene, response_s_sum FROM ambulance_calls_1h WHERE bucket = $1', [new Date(BASE_MS)]);
    const { rows: raw } = await pool.query(
      `SELECT count(*) FILTER (WHERE stage = 1) AS calls_received, count(*) FILTER (WHERE stage = 3) AS calls_on_scene,
              coalesce(sum(extract(epoch FROM recorded_at - received_at)) FILTER (WHERE stage = 3), 0)::double precision AS response_s_sum
         FROM emergency_call_events WHERE recorded_at >= $1 AND recorded_at < $2`,
      [new Date(BASE_MS), new Date(BASE_MS + HOUR_MS)],
    );
    expect(rolled).toEqual(raw);
    expect(Number(rolled[0].calls_on_scene)).toBeGreaterThanOrEqual(1);
    expect(rolled[0].response_s_sum).toBeGreaterThanOrEqual(540);
  });

  it('dead-letters an ambulance on a call without its call id and a call step without its ambulance, with the reason', async () => {
    const [noCallAt] = await kafka.produce(topics.readings, [protobufMessage(AmbulanceReadingSchema, ambulanceId, reading(3, AmbulanceState.TO_HOSPITAL, ''))]);
    const [noAmbulanceAt] = await kafka.produce(topics.calls, [protobufMessage(EmergencyCallEventSchema, callId, step(5, CallStage.AT_HOSPITAL, BASE_MS + 1_800_000, { hospitalId: 'site:hospital-first-people' }))]);

    await waitFor('two dead letters', () => (letters.length >= 2 ? true : undefined));
    const bySource = new Map(letters.map((l) => [l.letter.sourceTopic, l.letter]));
    expect(bySource.get(topics.readings)).toMatchObject({ reason: DeadLetterReason.INVALID_FIELD, sourceOffset: noCallAt!.baseOffset, detail: 'call_id: must be set while TO_HOSPITAL' });
    expect(bySource.get(topics.calls)).toMatchObject({
      reason: DeadLetterReason.INVALID_FIELD,
      sourceOffset: noAmbulanceAt!.baseOffset,
      detail: 'ambulance_id: must be 1-64 letters, digits or _.:- (got "")',
    });
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM ambulance_readings WHERE ambulance_id = $1', [ambulanceId]);
    expect(rows[0].n).toBe(2);
  });
});
