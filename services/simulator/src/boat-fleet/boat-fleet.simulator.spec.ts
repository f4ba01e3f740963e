import { toBinary } from '@bufbuild/protobuf';
import { DEFAULT_CITY_PACK_DIR, loadCityPack, type CityPack } from '@urban-brain/city-pack';
import { findBoatReadingProblem } from '@urban-brain/common';
import { BoatReadingSchema, BoatTaskState, type BoatReading } from '@urban-brain/proto';
import { beforeAll, describe, expect, it } from 'vitest';
import { BoatFleetSimulator } from './boat-fleet.simulator';

const START = Date.UTC(2025, 5, 1, 22);
const HOUR_MS = 3_600_000;

function run(sim: BoatFleetSimulator, fromMs: number, toMs: number, stepMs: number, each: (r: BoatReading) => void): void {
  for (let t = fromMs; t <= toMs; t += stepMs) for (const r of sim.tick(t)) each(r);
}

// Cumulative per shift: the day's debris is the sum of rises, a drop to 0 starting a new shift.
function debrisCollected(readings: Iterable<BoatReading>): number {
  const last = new Map<string, number>();
  let total = 0;
  for (const r of readings) {
    const prev = last.get(r.boatId) ?? 0;
    total += r.debrisKg >= prev ? r.debrisKg - prev : r.debrisKg;
    last.set(r.boatId, r.debrisKg);
  }
  return total;
}

describe('BoatFleetSimulator', () => {
  let pack: CityPack;
  const day: BoatReading[] = [];

  beforeAll(async () => {
    pack = await loadCityPack(DEFAULT_CITY_PACK_DIR);
    run(new BoatFleetSimulator({ boats: 12, seed: 42, pack }), START, START + 24 * HOUR_MS, 10_000, (r) => day.push(r));
  });

  it('gives the same stream for the same seed', () => {
    const bytes = (seed: number) => {
      const out: string[] = [];
      run(new BoatFleetSimulator({ boats: 12, seed, pack, sightingsPerDay: 200 }), START, START + HOUR_MS, 1_000, (r) => out.push(Buffer.from(toBinary(BoatReadingSchema, r)).toString('base64')));
      return out;
    };
    const a = bytes(5);
    expect(a).toHaveLength(12 * 3_601);
    expect(bytes(5)).toEqual(a);
    expect(bytes(6)).not.toEqual(a);
  });

  it('keeps every boat on the lake, reading after reading at 1 Hz, for hours', () => {
    const sim = new BoatFleetSimulator({ boats: 12, seed: 9, pack });
    let readings = 0;
    run(sim, START, START + 6 * HOUR_MS, 1_000, (r) => {
      readings++;
      if (!pack.inLake([r.lon, r.lat])) throw new Error(`${r.boatId} left the lake at ${r.lon},${r.lat} (seq ${r.seq})`);
    });
    expect(readings).toBe(12 * (6 * 3_600 + 1));
    expect(day.every((r) => pack.inLake([r.lon, r.lat]))).toBe(true);
  });

  it('salvages 1.5-2.1 t of debris a day with 12 boats', () => {
    const kg = debrisCollected(day);
    expect(kg).toBeGreaterThan(1_500);
    expect(kg).toBeLessThan(2_100);
  });

  it('sweeps, returns to its dock when low, charges and starts a new shift from zero', () => {
    const states = new Set(day.map((r) => r.taskState));
    expect(states).toEqual(new Set([BoatTaskState.SWEEPING, BoatTaskState.RETURNING, BoatTaskState.DOCKED, BoatTaskState.CHARGING]));
    const docks = pack.layers['lake-docks'].map((d) => d.geometry.coordinates);
    for (const r of day.filter((x) => x.taskState === BoatTaskState.DOCKED || x.taskState === BoatTaskState.CHARGING)) {
      expect(Math.min(...docks.map((d) => pack.projection.distanceM(d, [r.lon, r.lat])))).toBeLessThan(1);
      expect(r.speedKmh).toBe(0);
    }
    expect(Math.min(...day.map((r) => r.batteryPct))).toBeGreaterThan(10);
    const resets = day.filter((r, i) => i >= 12 && r.debrisKg === 0 && day[i - 12]!.debrisKg > 0);
    expect(resets.length).toBeGreaterThan(12);
  });

  it('reports unlicensed fishing boats near the reporting boat, each sighting once', () => {
    const sightings: { boat: BoatReading; lon: number; lat: number; id: string }[] = [];
    run(new BoatFleetSimulator({ boats: 12, seed: 4, pack, sightingsPerDay: 48 }), START, START + 6 * HOUR_MS, 5_000, (r) => {
      for (const s of r.vesselSightings) sightings.push({ boat: r, lon: s.lon, lat: s.lat, id: s.sightingId });
    });
    expect(sightings.length).toBeGreaterThan(3);
    expect(new Set(sightings.map((s) => s.id)).size).toBe(sightings.length);
    for (const s of sightings) {
      expect(s.id.startsWith(`${s.boat.boatId}-`)).toBe(true);
      expect(pack.inLake([s.lon, s.lat])).toBe(true);
      // The boat moved on for up to one 5 s tick after the sighting.
      expect(pack.projection.distanceM([s.lon, s.lat], [s.boat.lon, s.boat.lat])).toBeLessThan(300);
    }
    expect(sightings.every((s) => findBoatReadingProblem(s.boat, START + 6 * HOUR_MS) === null)).toBe(true);
  });

  it('emits only readings the common validator accepts, each boat in seq order', () => {
    expect(day.map((r) => findBoatReadingProblem(r, START + 24 * HOUR_MS)).filter((p) => p !== null)).toEqual([]);
    const seq = new Map<string, number>();
    for (const r of day) {
      expect(r.seq).toBe((seq.get(r.boatId) ?? 0) + 1);
      seq.set(r.boatId, r.seq);
    }
  });
});
