import { toBinary } from '@bufbuild/protobuf';
import { DEFAULT_CITY_PACK_DIR, loadCityPack, type CityPack } from '@urban-brain/city-pack';
import { findBikeEventProblem } from '@urban-brain/common';
import { BikeEventKind, BikeEventSchema, type BikeEvent } from '@urban-brain/proto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CITY_UTC_OFFSET_MS, localHourOf } from './bike-demand.profile';
import { BikeFleetSimulator } from './bike-fleet.simulator';

// Local midnight in Neijiang, 2025-06-02.
const MIDNIGHT = Date.UTC(2025, 5, 2) - CITY_UTC_OFFSET_MS;
const DAY_MS = 86_400_000;

function run(sim: BikeFleetSimulator, fromMs: number, toMs: number, stepMs: number): BikeEvent[] {
  const events: BikeEvent[] = [];
  for (let t = fromMs; t <= toMs; t += stepMs) events.push(...sim.tick(t));
  return events;
}

// A simulated day of 11,000 bikes: each check scans it (seconds on a loaded 2-core machine, not vitest's default 5 s).
describe('BikeFleetSimulator', { timeout: 60_000 }, () => {
  let pack: CityPack;
  let day: BikeEvent[];
  let sim: BikeFleetSimulator;

  beforeAll(async () => {
    pack = await loadCityPack(DEFAULT_CITY_PACK_DIR);
    sim = new BikeFleetSimulator({ bikes: 11_000, seed: 42, pack });
    day = run(sim, MIDNIGHT, MIDNIGHT + DAY_MS, 60_000);
  }, 120_000);

  const ofKind = (kind: BikeEventKind) => day.filter((e) => e.kind === kind);

  it('gives the same stream for the same seed, however often it is ticked', () => {
    const a = run(new BikeFleetSimulator({ bikes: 500, seed: 7, pack }), MIDNIGHT + 7 * 3_600_000, MIDNIGHT + 10 * 3_600_000, 1_000);
    const b = run(new BikeFleetSimulator({ bikes: 500, seed: 7, pack }), MIDNIGHT + 7 * 3_600_000, MIDNIGHT + 10 * 3_600_000, 60_000);
    const c = run(new BikeFleetSimulator({ bikes: 500, seed: 8, pack }), MIDNIGHT + 7 * 3_600_000, MIDNIGHT + 10 * 3_600_000, 60_000);
    const bytes = (events: BikeEvent[]) => events.map((e) => Buffer.from(toBinary(BikeEventSchema, e)).toString('base64'));
    expect(a.length).toBeGreaterThan(500);
    expect(bytes(a)).toEqual(bytes(b));
    expect(bytes(c)).not.toEqual(bytes(b));
  });

  it('announces every bike once at start, then a few trips per bike a day', () => {
    expect(ofKind(BikeEventKind.PARKED_STATE)).toHaveLength(11_000);
    const trips = ofKind(BikeEventKind.TRIP_END).length;
    expect(trips).toBeGreaterThan(11_000 * 2);
    expect(trips).toBeLessThan(11_000 * 4);
  });

  it('emits only messages the common validator accepts, each bike in seq and time order', () => {
    const problems = day.map((e) => findBikeEventProblem(e, MIDNIGHT + DAY_MS)).filter((p) => p !== null);
    expect(problems).toEqual([]);
    const last = new Map<string, BikeEvent>();
    for (const e of day) {
      const prev = last.get(e.bikeId);
      expect(e.seq).toBe((prev?.seq ?? 0) + 1);
      if (prev) expect(e.recordedAtMs >= prev.recordedAtMs).toBe(true);
      last.set(e.bikeId, e);
    }
  });

  it('reports fence_id and in_fence exactly as the pack places the position', () => {
    for (const e of day) {
      const fence = pack.fenceAt([e.lon, e.lat]);
      expect(e.fenceId).toBe(fence?.id ?? '');
      expect(e.inFence).toBe(fence !== null);
    }
  });

  it('ends about 92% of trips inside a fence, the rest just outside one', () => {
    const ends = ofKind(BikeEventKind.TRIP_END);
    const inside = ends.filter((e) => e.inFence).length / ends.length;
    expect(inside).toBeGreaterThan(0.9);
    expect(inside).toBeLessThan(0.94);
    for (const e of ends.filter((x) => !x.inFence).slice(0, 200)) {
      const near = pack.fencesNear([e.lon, e.lat], 30);
      expect(near.length).toBeGreaterThan(0);
      expect(near[0]!.distanceM).toBeGreaterThan(0);
    }
  });

  it('honours a configured outside share', () => {
    const few = new BikeFleetSimulator({ bikes: 2_000, seed: 3, pack, outsideShare: 0.3 });
    const ends = run(few, MIDNIGHT, MIDNIGHT + DAY_MS, 300_000).filter((e) => e.kind === BikeEventKind.TRIP_END);
    expect(ends.filter((e) => !e.inFence).length / ends.length).toBeCloseTo(0.3, 1);
  });

  it('rides in the commuter peaks, hardly at night', () => {
    const starts = ofKind(BikeEventKind.TRIP_START).map((e) => localHourOf(Number(e.recordedAtMs)));
    const between = (from: number, to: number) => starts.filter((h) => h >= from && h < to).length;
    expect(between(7, 9)).toBeGreaterThan(10 * between(2, 4));
    expect(between(17, 19)).toBeGreaterThan(10 * between(2, 4));
  });

  it('rides 5 to 25 minutes', () => {
    const started = new Map<string, bigint>();
    for (const e of day) {
      if (e.kind === BikeEventKind.TRIP_START) started.set(e.bikeId, e.recordedAtMs);
      if (e.kind === BikeEventKind.TRIP_END) {
        const minutes = Number(e.recordedAtMs - started.get(e.bikeId)!) / 60_000;
        expect(minutes).toBeGreaterThanOrEqual(5);
        expect(minutes).toBeLessThanOrEqual(25);
      }
    }
  });

  it('has e-bikes (about 30%) whose battery drains per trip and that report it', () => {
    const ebikes = new Set(day.filter((e) => e.isEbike).map((e) => e.bikeId));
    expect(ebikes.size).toBe(3_300);
    expect(ofKind(BikeEventKind.BATTERY_REPORT).every((e) => e.isEbike)).toBe(true);
    expect(ofKind(BikeEventKind.BATTERY_REPORT).length).toBeGreaterThan(3_300 * 4);
    const drained = ofKind(BikeEventKind.TRIP_END).filter((e) => e.isEbike);
    const firstBattery = new Map<string, number>();
    for (const e of day) if (e.isEbike && !firstBattery.has(e.bikeId)) firstBattery.set(e.bikeId, e.batteryPct);
    expect(drained.some((e) => e.batteryPct < firstBattery.get(e.bikeId)!)).toBe(true);
    expect(day.filter((e) => !e.isEbike).every((e) => e.batteryPct === 0)).toBe(true);
  });

  it('piles bikes at hot spots, and crews rebalance them to emptier fences; some locks fault', () => {
    const overflowing = [...sim.occupancy().values()].filter((o) => o.bikes > 2 * o.capacity);
    expect(overflowing.length).toBeGreaterThan(0);
    const moved = ofKind(BikeEventKind.REBALANCED);
    expect(moved.length).toBeGreaterThan(50);
    expect(moved.every((e) => e.inFence)).toBe(true);
    expect(ofKind(BikeEventKind.FAULT).length).toBeGreaterThan(0);
  });
});
