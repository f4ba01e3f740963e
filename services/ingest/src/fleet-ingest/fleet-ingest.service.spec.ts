import { create, toBinary } from '@bufbuild/protobuf';
import { createLogger } from '@urban-brain/common';
import { BikeEventKind, BikeEventSchema, TaskState, TruckKind, TruckReadingSchema, type TruckReading } from '@urban-brain/proto';
import { BikeEventsStream } from '../bike-events/bike-events.stream';
import { describe, expect, it } from 'vitest';
import type { DeadLetterRecord } from '../dead-letter/dead-letter.producer';
import { RejectionCode } from '../dead-letter/rejection-code';
import { TruckReadingsStream } from '../truck-readings/truck-readings.stream';
import { FleetIngestService } from './fleet-ingest.service';
import { toIncomingRecord, type IncomingBatch, type IncomingRecord } from './incoming-record';
import { triageRecords } from './record-triage';

const NOW_MS = Date.UTC(2025, 5, 1, 8, 0, 0);
const TOPIC = 'ub.truck.readings.v1';

function reading(overrides: Partial<Omit<TruckReading, '$typeName' | '$unknown'>> = {}): TruckReading {
  return create(TruckReadingSchema, {
    truckId: 'NJ-SAN-0001',
    seq: 1,
    recordedAtMs: BigInt(NOW_MS - 1000),
    lon: 105.058,
    lat: 29.582,
    speedKmh: 18,
    headingDeg: 90,
    loadKg: 1200,
    taskState: TaskState.COLLECTING,
    kind: TruckKind.COMPACTOR,
    ...overrides,
  });
}

// The truck stream stands for every stream here: the service only sees the FleetStream interface.
const truckStream = new TruckReadingsStream({ storeReadings: async () => 0 });
const triageTruckRecords = (records: readonly IncomingRecord<TruckReading>[], nowMs: number) => triageRecords(truckStream, records, nowMs);

let nextOffset = 0;
/** A record as the consumer would hand it over, built through the real decoder. */
function record(value: TruckReading | Buffer | null, key: string | null = value && !Buffer.isBuffer(value) ? value.truckId : null): IncomingRecord<TruckReading> {
  const bytes = value === null ? null : Buffer.isBuffer(value) ? value : Buffer.from(toBinary(TruckReadingSchema, value));
  return toIncomingRecord(truckStream, {
    key: key === null ? null : Buffer.from(key),
    value: bytes,
    offset: String(nextOffset++),
    timestamp: String(NOW_MS),
    attributes: 0,
    headers: { 'x-correlation-id': `corr-${nextOffset}` },
  });
}

/** Records every call in order, so tests can see what happened before what. */
class Fakes {
  readonly calls: string[] = [];
  readonly stored: TruckReading[][] = [];
  readonly published: DeadLetterRecord[][] = [];
  storeFails: Error | null = null;
  /** Seqs the "database" refuses for good, as PostgreSQL refuses a NUL byte in text (22021). */
  readonly refusedSeqs = new Set<number>();
  publishFails: Error | null = null;
  /** Rows the "database" already holds, by its key (truck, time, seq). */
  readonly existing = new Set<string>();

  readonly repository = {
    storeReadings: async (readings: readonly TruckReading[]) => {
      this.calls.push(`store ${readings.length}`);
      if (this.storeFails) throw this.storeFails;
      const refused = readings.find((r) => this.refusedSeqs.has(r.seq));
      if (refused) throw Object.assign(new Error(`invalid byte sequence for encoding "UTF8": 0x00 (seq ${refused.seq})`), { code: '22021' });
      this.stored.push([...readings]);
      let inserted = 0;
      for (const r of readings) {
        const id = `${r.truckId} ${r.recordedAtMs} ${r.seq}`;
        if (!this.existing.has(id)) inserted++;
        this.existing.add(id);
      }
      return inserted;
    },
  };

  readonly deadLetters = {
    publish: async (letters: readonly DeadLetterRecord[]) => {
      this.calls.push(`dead-letter ${letters.length}`);
      if (this.publishFails) throw this.publishFails;
      this.published.push([...letters]);
    },
  };

  readonly fleetService = new FleetIngestService(this.deadLetters, createLogger('ingest-test', 'silent'), { INGEST_WRITE_BATCH_ROWS: 3 });

  /** The service bound to a truck stream on the fake repository. */
  service() {
    const stream = new TruckReadingsStream(this.repository);
    return {
      ingestBatch: (batch: IncomingBatch<TruckReading>, nowMs: number) => this.fleetService.ingestBatch(stream, batch, nowMs),
      totals: () => this.fleetService.totals(),
    };
  }
}

const batchOf = (...records: IncomingRecord<TruckReading>[]) => ({ topic: TOPIC, partition: 2, records });

describe('triageRecords (truck stream)', () => {
  it('keeps valid readings in order', () => {
    const triage = triageTruckRecords([record(reading({ seq: 1 })), record(reading({ seq: 2 }))], NOW_MS);
    expect(triage.accepted.map((r) => r.seq)).toEqual([1, 2]);
    expect(triage.rejections).toEqual([]);
    expect(triage.duplicates).toBe(0);
  });

  it('rejects bytes that are not a TruckReading as UNDECODABLE', () => {
    const [rejection] = triageTruckRecords([record(Buffer.from('not a protobuf at all'), 'NJ-SAN-0001')], NOW_MS).rejections;
    expect(rejection?.code).toBe(RejectionCode.UNDECODABLE);
    expect(rejection?.detail).toMatch(/^value: not a TruckReading protobuf \(.+\)$/);
  });

  it('rejects a tombstone as UNDECODABLE', () => {
    const [rejection] = triageTruckRecords([record(null, 'NJ-SAN-0001')], NOW_MS).rejections;
    expect(rejection).toMatchObject({ code: RejectionCode.UNDECODABLE, detail: 'value: missing (tombstone)' });
  });

  it('rejects a field out of range as INVALID_FIELD with the validator detail', () => {
    const [rejection] = triageTruckRecords([record(reading({ lat: 123 }))], NOW_MS).rejections;
    expect(rejection).toMatchObject({ code: RejectionCode.INVALID_FIELD, detail: 'lat: must be between -90 and 90 (got 123)' });
  });

  it('judges time skew against the given clock', () => {
    const future = reading({ recordedAtMs: BigInt(NOW_MS + 10 * 60_000) });
    expect(triageTruckRecords([record(future)], NOW_MS).rejections[0]?.detail).toMatch(/^recorded_at_ms: more than 5 minutes in the future/);
    expect(triageTruckRecords([record(future)], NOW_MS + 10 * 60_000).rejections).toEqual([]);
  });

  it('rejects a key that is not the truck id, or no key, as BAD_KEY', () => {
    const { rejections } = triageTruckRecords([record(reading(), 'NJ-SAN-0002'), record(reading(), null)], NOW_MS);
    expect(rejections.map((r) => r.code)).toEqual([RejectionCode.BAD_KEY, RejectionCode.BAD_KEY]);
    expect(rejections[0]?.detail).toBe('key: "NJ-SAN-0002" does not match truck_id "NJ-SAN-0001"');
    expect(rejections[1]?.detail).toBe('key: missing; must be the truck_id "NJ-SAN-0001"');
  });

  it('checks fields before the key', () => {
    const [rejection] = triageTruckRecords([record(reading({ lat: 123 }), 'somebody-else')], NOW_MS).rejections;
    expect(rejection?.code).toBe(RejectionCode.INVALID_FIELD);
  });

  it('keeps a reading that repeats a seq at another time (the sender restarted its count)', () => {
    const triage = triageTruckRecords([record(reading({ seq: 1 })), record(reading({ seq: 1, recordedAtMs: BigInt(NOW_MS) }))], NOW_MS);
    expect(triage.accepted).toHaveLength(2);
    expect(triage.duplicates).toBe(0);
  });

  it('keeps the first of two records with the same truck, time and seq', () => {
    const triage = triageTruckRecords(
      [record(reading({ seq: 7, loadKg: 1 })), record(reading({ seq: 8 })), record(reading({ seq: 7, loadKg: 2 })), record(reading({ truckId: 'NJ-SAN-0002', seq: 7 }))],
      NOW_MS,
    );
    expect(triage.accepted.map((r) => `${r.truckId}/${r.seq}/${r.loadKg}`)).toEqual(['NJ-SAN-0001/7/1', 'NJ-SAN-0001/8/1200', 'NJ-SAN-0002/7/1200']);
    expect(triage.duplicates).toBe(1);
  });
});

describe('FleetIngestService.ingestBatch (truck stream)', () => {
  it('stores valid rows, dead-letters the rest, and counts everything', async () => {
    const fakes = new Fakes();
    const service = fakes.service();
    const bad = record(reading({ lat: 123, seq: 3 }));
    const outcome = await service.ingestBatch(
      batchOf(record(reading({ seq: 1 })), record(reading({ seq: 2 })), bad, record(reading({ seq: 2 })), record(Buffer.from([0xff, 0xff]), 'NJ-SAN-0001')),
      NOW_MS,
    );

    expect(fakes.stored).toHaveLength(1);
    expect(fakes.stored[0]!.map((r) => r.seq)).toEqual([1, 2]);
    expect(outcome).toEqual({
      received: 5,
      accepted: 2,
      duplicatesSkipped: 1,
      deadLettered: { UNDECODABLE: 1, INVALID_FIELD: 1, BAD_KEY: 0, REJECTED_BY_DATABASE: 0 },
    });
    expect(fakes.published[0]![0]).toEqual({
      sourceTopic: TOPIC,
      sourcePartition: 2,
      sourceOffset: bad.offset,
      code: RejectionCode.INVALID_FIELD,
      detail: 'lat: must be between -90 and 90 (got 123)',
      originalKey: Buffer.from('NJ-SAN-0001'),
      originalValue: bad.value,
      correlationId: bad.correlationId,
    });
  });

  it('commits the rows before it sends dead letters', async () => {
    const fakes = new Fakes();
    await fakes.service().ingestBatch(batchOf(record(Buffer.from([0xff]), 'x'), record(reading())), NOW_MS);
    expect(fakes.calls).toEqual(['store 1', 'dead-letter 1']);
  });

  it('sends no dead letters when the rows cannot be stored, and fails the batch', async () => {
    const fakes = new Fakes();
    fakes.storeFails = new Error('connection terminated');
    await expect(fakes.service().ingestBatch(batchOf(record(reading()), record(reading({ lat: 123 }))), NOW_MS)).rejects.toThrow('connection terminated');
    expect(fakes.published).toEqual([]);
  });

  it('fails the batch when dead letters cannot be sent, so it is redelivered', async () => {
    const fakes = new Fakes();
    fakes.publishFails = new Error('broker unavailable');
    await expect(fakes.service().ingestBatch(batchOf(record(reading({ lat: 123 }))), NOW_MS)).rejects.toThrow('broker unavailable');
  });

  it('counts rows the database already holds as duplicates (a redelivered batch)', async () => {
    const fakes = new Fakes();
    const service = fakes.service();
    const batch = batchOf(record(reading({ seq: 1 })), record(reading({ seq: 2 })));
    await service.ingestBatch(batch, NOW_MS);
    const again = await service.ingestBatch(batch, NOW_MS);
    expect(again).toMatchObject({ accepted: 0, duplicatesSkipped: 2 });
    expect(service.totals()).toMatchObject({ batches: 2, received: 4, accepted: 2, duplicatesSkipped: 2 });
  });

  it('does not touch the database for a batch with nothing to store', async () => {
    const fakes = new Fakes();
    const outcome = await fakes.service().ingestBatch(batchOf(record(reading(), 'wrong-key')), NOW_MS);
    expect(fakes.calls).toEqual(['dead-letter 1']);
    expect(outcome.deadLettered.BAD_KEY).toBe(1);
  });

  it('writes a batch above INGEST_WRITE_BATCH_ROWS (3 here) in transactions of at most that many rows', async () => {
    const fakes = new Fakes();
    const records = [1, 2, 3, 4, 5, 6, 7].map((seq) => record(reading({ seq })));
    const outcome = await fakes.service().ingestBatch(batchOf(...records), NOW_MS);
    expect(fakes.calls).toEqual(['store 3', 'store 3', 'store 1']);
    expect(fakes.stored.flat().map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(outcome).toMatchObject({ received: 7, accepted: 7, duplicatesSkipped: 0 });
  });

  it('dead-letters the rows the database refuses for good and stores every other row of their transaction', async () => {
    const fakes = new Fakes();
    fakes.refusedSeqs.add(5);
    const records = [1, 2, 3, 4, 5, 6, 7].map((seq) => record(reading({ seq })));
    const outcome = await fakes.service().ingestBatch(batchOf(...records), NOW_MS);

    // 1-3 in one transaction; 4-6 refused, bisected: 4-5 refused again (4 stored, 5 refused alone), 6 stored; then 7.
    expect(fakes.calls).toEqual(['store 3', 'store 3', 'store 2', 'store 1', 'store 1', 'store 1', 'store 1', 'dead-letter 1']);
    expect(fakes.stored.flat().map((r) => r.seq).sort()).toEqual([1, 2, 3, 4, 6, 7]);
    expect(outcome).toEqual({ received: 7, accepted: 6, duplicatesSkipped: 0, deadLettered: { UNDECODABLE: 0, INVALID_FIELD: 0, BAD_KEY: 0, REJECTED_BY_DATABASE: 1 } });
    const bad = records[4]!;
    expect(fakes.published).toEqual([
      [
        {
          sourceTopic: TOPIC,
          sourcePartition: 2,
          sourceOffset: bad.offset,
          code: RejectionCode.REJECTED_BY_DATABASE,
          detail: 'SQLSTATE 22021: invalid byte sequence for encoding "UTF8": 0x00 (seq 5)',
          originalKey: Buffer.from('NJ-SAN-0001'),
          originalValue: bad.value,
          correlationId: bad.correlationId,
        },
      ],
    ]);
  });

  it('sends the refused rows with the batch\'s other dead letters, after the rows', async () => {
    const fakes = new Fakes();
    fakes.refusedSeqs.add(2);
    const outcome = await fakes.service().ingestBatch(batchOf(record(reading({ seq: 1 })), record(reading({ seq: 2 })), record(reading({ seq: 3, lat: 123 }))), NOW_MS);
    expect(fakes.calls).toEqual(['store 2', 'store 1', 'store 1', 'dead-letter 2']);
    expect(fakes.published[0]!.map((l) => l.code)).toEqual([RejectionCode.INVALID_FIELD, RejectionCode.REJECTED_BY_DATABASE]);
    expect(outcome.deadLettered).toEqual({ UNDECODABLE: 0, INVALID_FIELD: 1, BAD_KEY: 0, REJECTED_BY_DATABASE: 1 });
  });

  it('fails the batch on a transient error met while bisecting, so the whole batch is retried', async () => {
    const fakes = new Fakes();
    fakes.refusedSeqs.add(1);
    const service = fakes.service();
    const original = fakes.repository.storeReadings;
    let calls = 0;
    fakes.repository.storeReadings = async (readings) => {
      // The first write is refused for its rows; the first half then hits a lock timeout.
      if (++calls === 2) throw Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' });
      return original(readings);
    };
    await expect(service.ingestBatch(batchOf(record(reading({ seq: 1 })), record(reading({ seq: 2 }))), NOW_MS)).rejects.toThrow('lock timeout');
    expect(fakes.published).toEqual([]);
  });

  it('keeps totals across batches and hands out copies', async () => {
    const fakes = new Fakes();
    const service = fakes.service();
    await service.ingestBatch(batchOf(record(reading({ seq: 1 })), record(reading({ lat: 123, seq: 2 }))), NOW_MS);
    const totals = service.totals();
    totals.deadLettered.INVALID_FIELD = 99;
    expect(service.totals().deadLettered.INVALID_FIELD).toBe(1);
    expect(service.totals()).toMatchObject({ batches: 1, received: 2, accepted: 1, duplicatesSkipped: 0 });
  });

  it('keeps totals per stream beside the overall ones', async () => {
    const fakes = new Fakes();
    const bikes = new BikeEventsStream({ storeEvents: async (events) => events.length });
    const bike = create(BikeEventSchema, {
      bikeId: 'NJ-BIKE-1', seq: 1, recordedAtMs: BigInt(NOW_MS - 1000), kind: BikeEventKind.TRIP_END, lon: 105.06, lat: 29.58, operator: 'meituan',
    });
    const bikeRecord = toIncomingRecord(bikes, { key: Buffer.from('NJ-BIKE-2'), value: Buffer.from(toBinary(BikeEventSchema, bike)), offset: '0', timestamp: '0', attributes: 0, headers: {} });
    const bikeOutcome = await fakes.fleetService.ingestBatch(bikes, { topic: 'ub.bike.events.v1', partition: 0, records: [bikeRecord] }, NOW_MS);
    await fakes.service().ingestBatch(batchOf(record(reading({ seq: 1 }))), NOW_MS);

    // The key check names the stream's own id field.
    expect(fakes.published[0]![0]!.detail).toBe('key: "NJ-BIKE-2" does not match bike_id "NJ-BIKE-1"');
    expect(bikeOutcome.deadLettered.BAD_KEY).toBe(1);
    expect(fakes.fleetService.totalsByStream()).toMatchObject({
      'bike-events': { batches: 1, received: 1, accepted: 0, deadLettered: { BAD_KEY: 1 } },
      'truck-readings': { batches: 1, received: 1, accepted: 1, deadLettered: { BAD_KEY: 0 } },
    });
    expect(fakes.fleetService.totals()).toMatchObject({ batches: 2, received: 2, accepted: 1 });
  });
});
