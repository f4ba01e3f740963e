import { create } from '@bufbuild/protobuf';
import { CorridorDirection, CorridorObservationSchema } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { findCorridorObservationProblem } from './corridor-observation.validator';

const now = Date.UTC(2026, 10, 27, 8, 0, 0);
const valid = () =>
  create(CorridorObservationSchema, {
    corridorId: 'HANAN-AVE',
    seq: 88,
    recordedAtMs: BigInt(now - 1000),
    direction: CorridorDirection.OUTBOUND,
    travelTimeS: 312,
    designTravelTimeS: 280,
    stops: 0.6,
    arrivalsOnGreenPct: 78,
    vehicles: 143,
  });

describe('findCorridorObservationProblem', () => {
  it('accepts a plausible observation, and an empty window', () => {
    expect(findCorridorObservationProblem(valid(), now)).toBeNull();
    expect(findCorridorObservationProblem(Object.assign(valid(), { vehicles: 0, travelTimeS: 0, stops: 0 }), now)).toBeNull();
  });

  it.each([
    ['corridor_id', { corridorId: '' }],
    ['seq', { seq: 0 }],
    ['recorded_at_ms', { recordedAtMs: 0n }],
    ['direction', { direction: CorridorDirection.UNSPECIFIED }],
    ['travel_time_s', { travelTimeS: -3 }],
    ['travel_time_s', { travelTimeS: 0 }],
    ['design_travel_time_s', { designTravelTimeS: 0 }],
    ['design_travel_time_s', { designTravelTimeS: 50_000 }],
    ['stops', { stops: Number.NaN }],
    ['arrivals_on_green_pct', { arrivalsOnGreenPct: 100.5 }],
    ['vehicles', { vehicles: 5_000_000 }],
  ])('refuses a bad %s', (field, patch) => {
    const observation = Object.assign(valid(), patch);
    expect(findCorridorObservationProblem(observation, now)?.startsWith(`${field}:`)).toBe(true);
  });
});
