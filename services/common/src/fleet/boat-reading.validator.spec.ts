import { create } from '@bufbuild/protobuf';
import { BoatReadingSchema, BoatTaskState, VesselSightingSchema } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { findBoatReadingProblem } from './boat-reading.validator';

const now = Date.UTC(2026, 10, 27, 8, 0, 0);
const sighting = (id: string) => create(VesselSightingSchema, { sightingId: id, lon: 105.052, lat: 29.571, note: 'bamboo raft, two nets' });
const valid = () =>
  create(BoatReadingSchema, {
    boatId: 'NJ-BOAT-03',
    seq: 12,
    recordedAtMs: BigInt(now - 1000),
    lon: 105.05,
    lat: 29.57,
    speedKmh: 6.5,
    headingDeg: 180,
    debrisKg: 320.5,
    batteryPct: 71,
    taskState: BoatTaskState.SWEEPING,
    vesselSightings: [sighting('NJ-BOAT-03-1')],
  });

describe('findBoatReadingProblem', () => {
  it('accepts a plausible reading, with or without sightings', () => {
    expect(findBoatReadingProblem(valid(), now)).toBeNull();
    expect(findBoatReadingProblem(Object.assign(valid(), { vesselSightings: [] }), now)).toBeNull();
  });

  it.each([
    ['boat_id', { boatId: '' }],
    ['seq', { seq: 0 }],
    ['recorded_at_ms', { recordedAtMs: 5n }],
    ['lon', { lon: 181 }],
    ['lon/lat', { lon: 0, lat: 0 }],
    ['speed_kmh', { speedKmh: -0.1 }],
    ['heading_deg', { headingDeg: 360 }],
    ['debris_kg', { debrisKg: -1 }],
    ['debris_kg', { debrisKg: 99_999 }],
    ['battery_pct', { batteryPct: 120 }],
    ['task_state', { taskState: BoatTaskState.UNSPECIFIED }],
    ['vessel_sightings[0].sighting_id', { vesselSightings: [sighting('')] }],
    ['vessel_sightings[1].sighting_id', { vesselSightings: [sighting('S-1'), sighting('S-1')] }],
    ['vessel_sightings[0].lat', { vesselSightings: [Object.assign(sighting('S-1'), { lat: -95 })] }],
    ['vessel_sightings[0].note', { vesselSightings: [Object.assign(sighting('S-1'), { note: 'x'.repeat(501) })] }],
  ])('refuses a bad %s', (field, patch) => {
    const reading = Object.assign(valid(), patch);
    expect(findBoatReadingProblem(reading, now)?.startsWith(`${field}:`)).toBe(true);
  });
});
