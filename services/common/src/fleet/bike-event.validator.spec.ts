import { create } from '@bufbuild/protobuf';
import { BikeEventKind, BikeEventSchema } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { findBikeEventProblem } from './bike-event.validator';

const now = Date.UTC(2026, 10, 27, 8, 0, 0);
const valid = () =>
  create(BikeEventSchema, {
    bikeId: 'NJ-BIKE-00042',
    seq: 7,
    recordedAtMs: BigInt(now - 1000),
    kind: BikeEventKind.TRIP_END,
    lon: 105.06,
    lat: 29.58,
    fenceId: 'F-SZ-017',
    inFence: true,
    isEbike: true,
    batteryPct: 64,
    operator: 'meituan',
  });

describe('findBikeEventProblem', () => {
  it('accepts a trip end in a fence, and one outside every fence', () => {
    expect(findBikeEventProblem(valid(), now)).toBeNull();
    expect(findBikeEventProblem(Object.assign(valid(), { fenceId: '', inFence: false }), now)).toBeNull();
  });

  it('accepts "in a fence" without knowing which one', () => {
    expect(findBikeEventProblem(Object.assign(valid(), { fenceId: '', inFence: true }), now)).toBeNull();
  });

  it.each([
    ['bike_id', { bikeId: '' }],
    ['seq', { seq: 0 }],
    ['recorded_at_ms', { recordedAtMs: 0n }],
    ['recorded_at_ms', { recordedAtMs: BigInt(now + 3_600_000) }],
    ['kind', { kind: BikeEventKind.UNSPECIFIED }],
    ['kind', { kind: 42 as BikeEventKind }],
    ['lon', { lon: -200 }],
    ['lat', { lat: 91 }],
    ['lon/lat', { lon: 0, lat: 0 }],
    ['fence_id', { fenceId: 'fence with spaces' }],
    ['in_fence', { inFence: false }],
    ['battery_pct', { batteryPct: 101 }],
    ['battery_pct', { batteryPct: Number.NaN }],
    ['kind', { kind: BikeEventKind.BATTERY_REPORT, isEbike: false }],
    ['operator', { operator: '' }],
    ['operator', { operator: 'Meituan Bikes' }],
  ])('refuses a bad %s', (field, patch) => {
    const event = Object.assign(valid(), patch);
    expect(findBikeEventProblem(event, now)).toMatch(new RegExp(`^${field.replace('/', '\\/')}:`));
  });

  it('says what it got', () => {
    expect(findBikeEventProblem(Object.assign(valid(), { lat: 123 }), now)).toBe('lat: must be between -90 and 90 (got 123)');
  });
});
