import { create } from '@bufbuild/protobuf';
import { TaskState, TruckKind, TruckReadingSchema } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { findTruckReadingProblem } from './truck-reading.validator';

const now = Date.UTC(2026, 10, 27, 8, 0, 0);
const valid = () =>
  create(TruckReadingSchema, {
    truckId: 'NJ-SAN-0001',
    seq: 1,
    recordedAtMs: BigInt(now - 1000),
    lon: 105.06,
    lat: 29.58,
    speedKmh: 22,
    headingDeg: 90,
    loadKg: 1200,
    taskState: TaskState.COLLECTING,
    kind: TruckKind.COMPACTOR,
  });

describe('findTruckReadingProblem', () => {
  it('accepts a plausible reading', () => {
    expect(findTruckReadingProblem(valid(), now)).toBeNull();
  });

  it.each([
    ['truck_id', { truckId: '' }],
    ['seq', { seq: 0 }],
    ['recorded_at_ms', { recordedAtMs: 0n }],
    ['recorded_at_ms', { recordedAtMs: BigInt(now + 3_600_000) }],
    ['lon', { lon: 181 }],
    ['lat', { lat: 123 }],
    ['lon/lat', { lon: 0, lat: 0 }],
    ['speed_kmh', { speedKmh: -1 }],
    ['speed_kmh', { speedKmh: Number.NaN }],
    ['heading_deg', { headingDeg: 360 }],
    ['load_kg', { loadKg: 50_000 }],
    ['task_state', { taskState: TaskState.UNSPECIFIED }],
    ['kind', { kind: 99 as TruckKind }],
  ])('refuses a bad %s', (field, patch) => {
    const reading = Object.assign(valid(), patch);
    expect(findTruckReadingProblem(reading, now)).toMatch(new RegExp(`^${field.replace('/', '\\/')}:`));
  });
});
