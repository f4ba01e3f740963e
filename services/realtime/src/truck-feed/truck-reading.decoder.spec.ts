import { create, toBinary, toJsonString } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { TaskState, TruckKind, TruckReadingSchema } from '@urban-brain/proto';
import { decodeTruckReading } from './truck-reading.decoder';

const reading = create(TruckReadingSchema, {
  truckId: 'T-9',
  seq: 4,
  recordedAtMs: 1_750_000_000_000n,
  lon: 105.06,
  lat: 29.58,
  taskState: TaskState.IDLE,
  kind: TruckKind.SPRINKLER,
});

describe('decodeTruckReading', () => {
  it('decodes protobuf binary when no content-type is set', () => {
    const decoded = decodeTruckReading(Buffer.from(toBinary(TruckReadingSchema, reading)), {});
    expect(decoded.truckId).toBe('T-9');
    expect(decoded.recordedAtMs).toBe(1_750_000_000_000n);
  });

  it('decodes the JSON form when the header says so', () => {
    const json = Buffer.from(toJsonString(TruckReadingSchema, reading));
    const decoded = decodeTruckReading(json, { 'content-type': Buffer.from('application/json; charset=utf-8') });
    expect(decoded.kind).toBe(TruckKind.SPRINKLER);
    expect(decoded.lon).toBe(105.06);
  });

  it('throws on empty values, garbage and unknown content types', () => {
    expect(() => decodeTruckReading(null, {})).toThrow(/empty/);
    expect(() => decodeTruckReading(Buffer.from([0xff, 0xff, 0xff]), {})).toThrow();
    expect(() => decodeTruckReading(Buffer.from('x'), { 'content-type': 'text/csv' })).toThrow(/unsupported content-type/);
  });
});
