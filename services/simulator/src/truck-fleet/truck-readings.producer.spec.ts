import { create, fromBinary } from '@bufbuild/protobuf';
import { HEADER_CORRELATION_ID, TaskState, TruckKind, TruckReadingSchema } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { toTruckReadingMessage } from './truck-readings.producer';

describe('toTruckReadingMessage', () => {
  const reading = create(TruckReadingSchema, {
    truckId: 'NJ-SAN-0007',
    seq: 12,
    recordedAtMs: 1_748_764_800_000n,
    lon: 105.0581234,
    lat: 29.5821234,
    speedKmh: 18.5,
    headingDeg: 270.5,
    loadKg: 3210.5,
    taskState: TaskState.COLLECTING,
    kind: TruckKind.COMPACTOR,
  });

  it('keys the record by truck id and carries the reading as protobuf', () => {
    const message = toTruckReadingMessage(reading);
    expect(message.key).toBe('NJ-SAN-0007');
    expect(fromBinary(TruckReadingSchema, message.value as Buffer)).toEqual(reading);
  });

  it('gives every record its own correlation id', () => {
    const a = toTruckReadingMessage(reading).headers?.[HEADER_CORRELATION_ID];
    const b = toTruckReadingMessage(reading).headers?.[HEADER_CORRELATION_ID];
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
  });
});
