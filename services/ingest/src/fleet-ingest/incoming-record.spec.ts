import { create, toBinary } from '@bufbuild/protobuf';
import { TaskState, TruckKind, TruckReadingSchema } from '@urban-brain/proto';
import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { TruckReadingsStream } from '../truck-readings/truck-readings.stream';
import { toIncomingRecord } from './incoming-record';

const decodeTruckRecord = (m: KafkaMessage) => toIncomingRecord(new TruckReadingsStream({ storeReadings: async () => 0 }), m);

const message = (value: Buffer | null, headers: KafkaMessage['headers'] = {}): KafkaMessage => ({
  key: Buffer.from('NJ-SAN-0001'),
  value,
  offset: '41',
  timestamp: '0',
  attributes: 0,
  headers,
});

describe('toIncomingRecord (truck stream)', () => {
  it('decodes a TruckReading and keeps the raw record', () => {
    const reading = create(TruckReadingSchema, { truckId: 'NJ-SAN-0001', seq: 3, recordedAtMs: 1n, lon: 105, lat: 29, taskState: TaskState.SWEEPING, kind: TruckKind.SWEEPER });
    const bytes = Buffer.from(toBinary(TruckReadingSchema, reading));
    const decoded = decodeTruckRecord(message(bytes, { 'x-correlation-id': Buffer.from('abc') }));
    expect(decoded).toMatchObject({ offset: '41', key: Buffer.from('NJ-SAN-0001'), value: bytes, correlationId: 'abc' });
    expect(decoded.decoded).toEqual({ ok: true, message: reading });
  });

  it('reports bytes that are not protobuf', () => {
    const decoded = decodeTruckRecord(message(Buffer.from('not a protobuf at all')));
    expect(decoded.decoded.ok).toBe(false);
  });

  it('reports a truncated message', () => {
    const reading = create(TruckReadingSchema, { truckId: 'NJ-SAN-0001', seq: 3 });
    const bytes = Buffer.from(toBinary(TruckReadingSchema, reading));
    expect(decodeTruckRecord(message(bytes.subarray(0, bytes.length - 3))).decoded.ok).toBe(false);
  });

  it('reports a tombstone', () => {
    expect(decodeTruckRecord(message(null)).decoded).toEqual({ ok: false, error: 'value: missing (tombstone)' });
  });

  it('gives a record without a correlation id a fresh one', () => {
    expect(decodeTruckRecord(message(null)).correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('decodes JSON when the content-type header says so', () => {
    const json = Buffer.from('{"truckId":"NJ-SAN-0001","seq":3,"recordedAtMs":"1748764800000","taskState":"TASK_STATE_SWEEPING"}');
    const decoded = decodeTruckRecord(message(json, { 'content-type': Buffer.from('application/json; charset=utf-8') }));
    expect(decoded.decoded).toMatchObject({ ok: true, message: { truckId: 'NJ-SAN-0001', seq: 3, recordedAtMs: 1_748_764_800_000n, taskState: TaskState.SWEEPING } });
  });

  it('reports malformed JSON with the message name', () => {
    const decoded = decodeTruckRecord(message(Buffer.from('{"truckId": '), { 'content-type': 'application/json' }));
    expect(!decoded.decoded.ok && decoded.decoded.error).toMatch(/^value: not a TruckReading in proto3 JSON \(.+\)$/);
  });
});
