import { create, toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import {
  BikeEventKind,
  BikeEventSchema,
  BoatReadingSchema,
  BoatTaskState,
  CorridorDirection,
  CorridorObservationSchema,
  DeadLetterReason,
  HEADER_CONTENT_TYPE,
  HEADER_CORRELATION_ID,
  MovementPhaseState,
  SignalPhaseChangeSchema,
  VesselSightingSchema,
  type DeadLetter,
} from '@urban-brain/proto';
import type { Message } from 'kafkajs';
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessIngest } from './support/ingest-app';
import { integrationEnv, uniqueRunId, waitFor } from './support/integration-env';
import { KafkaFixtures, readingMessage, truckReading } from './support/kafka-fixtures';

const env = integrationEnv();

// An hour ago, whole seconds: inside every validator's window.
const BASE_MS = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;

const protobufMessage = <Desc extends DescMessage>(schema: Desc, key: string, message: MessageShape<Desc>): Message => ({
  key,
  value: Buffer.from(toBinary(schema, message)),
  headers: { [HEADER_CORRELATION_ID]: `it-${key}-pb` },
});

// What a third-party producer without protobuf sends: canonical proto3 JSON, written by hand.
const jsonMessage = (key: string, json: Record<string, unknown>): Message => ({
  key,
  value: Buffer.from(JSON.stringify(json)),
  headers: { [HEADER_CONTENT_TYPE]: 'application/json', [HEADER_CORRELATION_ID]: `it-${key}-json` },
});

describe('ingest stores every fleet, protobuf or JSON, exactly once', () => {
  const run = uniqueRunId();
  const topics = {
    truck: `it.ingest.fleets.trucks.${run}`,
    bike: `it.ingest.fleets.bikes.${run}`,
    boat: `it.ingest.fleets.boats.${run}`,
    phase: `it.ingest.fleets.phases.${run}`,
    corridor: `it.ingest.fleets.corridors.${run}`,
    // Every stream on a topic of this run (the ambulances' own test sends theirs), so the shared
    // default topics, which other tests and the simulator write, never reach this ingest.
    ambulance: `it.ingest.fleets.ambulances.${run}`,
    call: `it.ingest.fleets.calls.${run}`,
  };
  const deadLetterTopic = `it.ingest.fleets.dl.${run}`;
  const id = (fleet: string, n: number) => `IT-${run}-${fleet}-${n}`;
  const kafka = new KafkaFixtures(env.KAFKA_BROKERS);
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 2 });
  const letters: { letter: DeadLetter; key: Buffer | null; correlationId: string | undefined }[] = [];
  let ingest: InProcessIngest | undefined;

  const countRows = async (table: string, idColumn: string, fleet: string) => {
    const { rows } = await pool.query<{ id: string; n: string }>(`SELECT ${idColumn} AS id, count(*) AS n FROM ${table} WHERE ${idColumn} LIKE $1 GROUP BY 1 ORDER BY 1`, [
      `IT-${run}-${fleet}-%`,
    ]);
    return Object.fromEntries(rows.map((r) => [r.id, Number(r.n)]));
  };

  beforeAll(async () => {
    await kafka.connect();
    for (const topic of Object.values(topics)) await kafka.createTopic(topic, 2);
    await kafka.createTopic(deadLetterTopic, 1);
    await kafka.collectDeadLetters(deadLetterTopic, `it-ingest-fleets-reader-${run}`, letters);
    ingest = await InProcessIngest.start({
      ...env,
      INGEST_GROUP_ID: `it-ingest-fleets-${run}`,
      INGEST_TRUCK_TOPIC: topics.truck,
      INGEST_BIKE_TOPIC: topics.bike,
      INGEST_BOAT_TOPIC: topics.boat,
      INGEST_SIGNAL_PHASE_TOPIC: topics.phase,
      INGEST_CORRIDOR_TOPIC: topics.corridor,
      INGEST_AMBULANCE_TOPIC: topics.ambulance,
      INGEST_EMERGENCY_CALL_TOPIC: topics.call,
      DEAD_LETTER_TOPIC: deadLetterTopic,
    });
  });

  afterAll(async () => {
    await ingest?.close();
    await kafka.close();
    const like = `IT-${run}-%`;
    for (const [table, column] of [
      ['truck_readings', 'truck_id'],
      ['bike_events', 'bike_id'],
      ['boat_readings', 'boat_id'],
      ['vessel_sightings', 'boat_id'],
      ['signal_phase_changes', 'intersection_id'],
      ['corridor_observations', 'corridor_id'],
    ]) {
      await pool.query(`DELETE FROM ${table} WHERE ${column} LIKE $1`, [like]).catch(() => undefined);
    }
    await pool.end();
  });

  it('stores one protobuf and one JSON message of each stream once, though each protobuf one arrives twice', async () => {
    const truck = truckReading(id('TRUCK', 1), 1);
    await kafka.produce(topics.truck, [readingMessage(truck), readingMessage(truck)]);
    await kafka.produce(topics.truck, [
      jsonMessage(id('TRUCK', 2), {
        truckId: id('TRUCK', 2),
        seq: 1,
        recordedAtMs: String(BASE_MS),
        lon: 105.058,
        lat: 29.582,
        speedKmh: 12,
        headingDeg: 45,
        loadKg: 800,
        taskState: 'TASK_STATE_SWEEPING',
        kind: 'TRUCK_KIND_SWEEPER',
      }),
    ]);

    const bike = create(BikeEventSchema, {
      bikeId: id('BIKE', 1),
      seq: 5,
      recordedAtMs: BigInt(BASE_MS),
      kind: BikeEventKind.TRIP_END,
      lon: 105.061,
      lat: 29.585,
      fenceId: 'F-SZ-017',
      inFence: true,
      isEbike: true,
      batteryPct: 64,
      operator: 'meituan',
    });
    await kafka.produce(topics.bike, [protobufMessage(BikeEventSchema, bike.bikeId, bike), protobufMessage(BikeEventSchema, bike.bikeId, bike)]);
    await kafka.produce(topics.bike, [
      jsonMessage(id('BIKE', 2), {
        bikeId: id('BIKE', 2),
        seq: 1,
        recordedAtMs: BASE_MS, // int64 as a JSON number is accepted too
        kind: 'BIKE_EVENT_KIND_PARKED_STATE',
        lon: 105.062,
        lat: 29.586,
        operator: 'hellobike',
      }),
    ]);

    const sighting = create(VesselSightingSchema, { sightingId: `${id('BOAT', 1)}-S1`, lon: 105.052, lat: 29.571, note: 'bamboo raft' });
    const boatReading = (seq: number) =>
      create(BoatReadingSchema, {
        boatId: id('BOAT', 1),
        seq,
        recordedAtMs: BigInt(BASE_MS + seq * 1000),
        lon: 105.05,
        lat: 29.57,
        speedKmh: 5,
        headingDeg: 90,
        debrisKg: 10 * seq,
        batteryPct: 80,
        taskState: BoatTaskState.SWEEPING,
        vesselSightings: [sighting],
      });
    // The same sighting repeated by the boat's next reading: stored once.
    await kafka.produce(topics.boat, [
      protobufMessage(BoatReadingSchema, id('BOAT', 1), boatReading(1)),
      protobufMessage(BoatReadingSchema, id('BOAT', 1), boatReading(1)),
      protobufMessage(BoatReadingSchema, id('BOAT', 1), boatReading(2)),
    ]);
    await kafka.produce(topics.boat, [
      jsonMessage(id('BOAT', 2), {
        boatId: id('BOAT', 2),
        seq: 1,
        recordedAtMs: String(BASE_MS),
        lon: 105.049,
        lat: 29.569,
        speedKmh: 0,
        debrisKg: 120.5,
        batteryPct: 40,
        taskState: 'BOAT_TASK_STATE_DOCKED',
      }),
    ]);

    const phase = create(SignalPhaseChangeSchema, {
      intersectionId: id('X', 1),
      corridorId: 'HANAN-AVE',
      seq: 1,
      recordedAtMs: BigInt(BASE_MS),
      signalGroup: 2,
      phaseState: MovementPhaseState.PROTECTED_MOVEMENT_ALLOWED,
      startMs: BigInt(BASE_MS),
      minEndMs: BigInt(BASE_MS + 25_000),
      maxEndMs: BigInt(BASE_MS + 40_000),
    });
    await kafka.produce(topics.phase, [protobufMessage(SignalPhaseChangeSchema, phase.intersectionId, phase), protobufMessage(SignalPhaseChangeSchema, phase.intersectionId, phase)]);
    await kafka.produce(topics.phase, [
      jsonMessage(id('X', 2), {
        intersectionId: id('X', 2),
        seq: 1,
        recordedAtMs: String(BASE_MS),
        signalGroup: 4,
        phaseState: 'MOVEMENT_PHASE_STATE_STOP_AND_REMAIN',
        startMs: String(BASE_MS),
      }),
    ]);

    const observation = create(CorridorObservationSchema, {
      corridorId: id('CORRIDOR', 1),
      seq: 1,
      recordedAtMs: BigInt(BASE_MS),
      direction: CorridorDirection.OUTBOUND,
      travelTimeS: 312,
      designTravelTimeS: 280,
      stops: 0.5,
      arrivalsOnGreenPct: 78,
      vehicles: 143,
    });
    await kafka.produce(topics.corridor, [
      protobufMessage(CorridorObservationSchema, observation.corridorId, observation),
      protobufMessage(CorridorObservationSchema, observation.corridorId, observation),
    ]);
    await kafka.produce(topics.corridor, [
      jsonMessage(id('CORRIDOR', 2), {
        corridorId: id('CORRIDOR', 2),
        seq: 1,
        recordedAtMs: String(BASE_MS),
        direction: 'CORRIDOR_DIRECTION_INBOUND',
        travelTimeS: 290,
        designTravelTimeS: 280,
        stops: 0.2,
        arrivalsOnGreenPct: 91,
        vehicles: 60,
      }),
    ]);

    // 3 + 3 + 4 + 3 + 3 records.
    await waitFor('every record processed', () => (ingest!.totals().received === 16 ? true : undefined));

    expect(await countRows('truck_readings', 'truck_id', 'TRUCK')).toEqual({ [id('TRUCK', 1)]: 1, [id('TRUCK', 2)]: 1 });
    expect(await countRows('bike_events', 'bike_id', 'BIKE')).toEqual({ [id('BIKE', 1)]: 1, [id('BIKE', 2)]: 1 });
    expect(await countRows('boat_readings', 'boat_id', 'BOAT')).toEqual({ [id('BOAT', 1)]: 2, [id('BOAT', 2)]: 1 });
    expect(await countRows('vessel_sightings', 'boat_id', 'BOAT')).toEqual({ [id('BOAT', 1)]: 1 });
    expect(await countRows('signal_phase_changes', 'intersection_id', 'X')).toEqual({ [id('X', 1)]: 1, [id('X', 2)]: 1 });
    expect(await countRows('corridor_observations', 'corridor_id', 'CORRIDOR')).toEqual({ [id('CORRIDOR', 1)]: 1, [id('CORRIDOR', 2)]: 1 });
    expect(ingest!.totals()).toMatchObject({ received: 16, accepted: 11, duplicatesSkipped: 5, deadLettered: { UNDECODABLE: 0, INVALID_FIELD: 0, BAD_KEY: 0 } });

    // The JSON forms land in the same columns as the protobuf ones would.
    const { rows: bikes } = await pool.query('SELECT bike_id, kind, fence_id, in_fence, is_ebike, operator, recorded_at FROM bike_events WHERE bike_id LIKE $1 ORDER BY bike_id', [
      `IT-${run}-BIKE-%`,
    ]);
    expect(bikes).toEqual([
      { bike_id: id('BIKE', 1), kind: BikeEventKind.TRIP_END, fence_id: 'F-SZ-017', in_fence: true, is_ebike: true, operator: 'meituan', recorded_at: new Date(BASE_MS) },
      { bike_id: id('BIKE', 2), kind: BikeEventKind.PARKED_STATE, fence_id: null, in_fence: false, is_ebike: false, operator: 'hellobike', recorded_at: new Date(BASE_MS) },
    ]);
    const { rows: phases } = await pool.query('SELECT intersection_id, corridor_id, phase_state, min_end_at, max_end_at FROM signal_phase_changes WHERE intersection_id LIKE $1 ORDER BY 1', [
      `IT-${run}-X-%`,
    ]);
    expect(phases).toEqual([
      { intersection_id: id('X', 1), corridor_id: 'HANAN-AVE', phase_state: 7, min_end_at: new Date(BASE_MS + 25_000), max_end_at: new Date(BASE_MS + 40_000) },
      { intersection_id: id('X', 2), corridor_id: null, phase_state: 4, min_end_at: null, max_end_at: null },
    ]);
    const { rows: sightings } = await pool.query('SELECT sighting_id, reading_seq, recorded_at, note FROM vessel_sightings WHERE boat_id = $1', [id('BOAT', 1)]);
    expect(sightings).toEqual([{ sighting_id: sighting.sightingId, reading_seq: '1', recorded_at: new Date(BASE_MS + 1000), note: 'bamboo raft' }]);
    const { rows: boats } = await pool.query('SELECT debris_kg, task_state FROM boat_readings WHERE boat_id = $1', [id('BOAT', 2)]);
    expect(boats).toEqual([{ debris_kg: 120.5, task_state: BoatTaskState.DOCKED }]);
  });

  it('dead-letters malformed JSON, a JSON field out of range and an unknown content type, with the reason', async () => {
    const malformed = Buffer.from('{"bikeId": "' + id('BIKE', 3) + '", "seq": 1,');
    const [malformedAt] = await kafka.produce(topics.bike, [{ key: id('BIKE', 3), value: malformed, headers: { [HEADER_CONTENT_TYPE]: 'application/json', [HEADER_CORRELATION_ID]: `bad-json-${run}` } }]);
    const [outOfRangeAt] = await kafka.produce(topics.corridor, [
      jsonMessage(id('CORRIDOR', 3), {
        corridorId: id('CORRIDOR', 3),
        seq: 1,
        recordedAtMs: String(BASE_MS),
        direction: 'CORRIDOR_DIRECTION_INBOUND',
        designTravelTimeS: 280,
        arrivalsOnGreenPct: 140,
      }),
    ]);
    const [textAt] = await kafka.produce(topics.boat, [{ key: id('BOAT', 3), value: Buffer.from('boat 3 is fine'), headers: { [HEADER_CONTENT_TYPE]: 'text/plain' } }]);

    await waitFor('three dead letters', () => (letters.length >= 3 ? true : undefined));
    expect(letters).toHaveLength(3);
    const bySource = new Map(letters.map((l) => [l.letter.sourceTopic, l]));

    const badJson = bySource.get(topics.bike)!;
    expect(badJson.letter).toMatchObject({ reason: DeadLetterReason.UNDECODABLE, sourcePartition: malformedAt!.partition, sourceOffset: malformedAt!.baseOffset, service: 'ingest' });
    expect(badJson.letter.detail).toMatch(/^value: not a BikeEvent in proto3 JSON \(.+\)$/);
    expect(Buffer.from(badJson.letter.originalValue)).toEqual(malformed);
    expect(badJson.correlationId).toBe(`bad-json-${run}`);

    expect(bySource.get(topics.corridor)!.letter).toMatchObject({
      reason: DeadLetterReason.INVALID_FIELD,
      sourceOffset: outOfRangeAt!.baseOffset,
      detail: 'arrivals_on_green_pct: must be between 0 and 100 (got 140)',
    });
    expect(bySource.get(topics.boat)!.letter).toMatchObject({
      reason: DeadLetterReason.UNDECODABLE,
      sourceOffset: textAt!.baseOffset,
      detail: 'content-type: "text/plain" is not supported; use application/x-protobuf (or none) or application/json',
    });

    expect(await countRows('bike_events', 'bike_id', 'BIKE')).not.toHaveProperty(id('BIKE', 3));
    expect(ingest!.totalsByStream()).toMatchObject({
      'bike-events': { deadLettered: { UNDECODABLE: 1 } },
      'boat-readings': { deadLettered: { UNDECODABLE: 1 } },
      'corridor-observations': { deadLettered: { INVALID_FIELD: 1 } },
    });
  });
});
