import { create } from '@bufbuild/protobuf';
import { TaskState, TruckKind, TruckReadingSchema } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { toCopyLine } from './truck-readings.repository';

describe('toCopyLine', () => {
  const reading = create(TruckReadingSchema, {
    truckId: 'NJ-SAN-0001',
    seq: 42,
    recordedAtMs: 1_748_764_800_123n,
    lon: 105.0581234,
    lat: 29.5821234,
    speedKmh: 18.5,
    headingDeg: 270.5,
    loadKg: 3210.5,
    taskState: TaskState.COLLECTING,
    kind: TruckKind.COMPACTOR,
  });

  it('writes the columns tab-separated with an exact millisecond timestamp', () => {
    expect(toCopyLine(reading)).toBe('NJ-SAN-0001\t42\t2025-06-01T08:00:00.123Z\t105.0581234\t29.5821234\t18.5\t270.5\t3210.5\t4\t3\n');
  });

  it('escapes characters that COPY text treats specially', () => {
    const line = toCopyLine(create(TruckReadingSchema, { ...reading, truckId: 'a\\b\tc\nd\re' }));
    expect(line.split('\t')[0]).toBe('a\\\\b\\tc\\nd\\re');
    expect(line.split('\n')).toHaveLength(2);
  });
});
