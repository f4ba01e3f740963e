import { DEFAULT_CITY_PACK_DIR, loadCityPack } from '@urban-brain/city-pack';
import { findBoatReadingProblem, type LonLat } from '@urban-brain/common';
import { BoatTaskState, type BoatReading } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { DispatchRefusalCode, type DispatchOrder } from '../dispatch/dispatch-order';
import { BoatFleetSimulator } from './boat-fleet.simulator';

const START = Date.UTC(2025, 5, 1, 2);
const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);
const distanceM = (a: LonLat, b: LonLat) => pack.projection.distanceM(a, b);
const at = (r: BoatReading): LonLat => [r.lon, r.lat];
const orderFor = (vehicleId: string, place: LonLat, fromMs: number): DispatchOrder => ({ taskId: 't-1', alertId: 'a-1', vehicleId, place, action: 'sweep', fromMs });

function ticks(sim: BoatFleetSimulator, fromS: number, toS: number): BoatReading[][] {
  const out: BoatReading[][] = [];
  for (let s = fromS; s <= toS; s++) out.push(sim.tick(START + s * 1000));
  return out;
}

// An hour of the fleet at 1 Hz, twice: seconds of CPU, more on a loaded machine.
describe('BoatFleetSimulator dispatch', { timeout: 60_000 }, () => {
  it('sends a boat across the lake: it sails there, sweeps around the point for a few minutes, debris rising, then goes back to its lanes', () => {
    // No sightings: they are drawn among the boats afloat, so they would follow the dispatched boat.
    const sim = new BoatFleetSimulator({ boats: 12, seed: 42, pack, sightingsPerDay: 0 });
    const twin = new BoatFleetSimulator({ boats: 12, seed: 42, pack, sightingsPerDay: 0 });
    const id = 'NJ-BOAT-01';
    const last = ticks(sim, 0, 120).at(-1)!;
    ticks(twin, 0, 120);
    const start = at(last.find((r) => r.boatId === id)!);
    // Where another boat is sweeping, in another zone, far off.
    const place = last.map(at).reduce((best, p) => (distanceM(p, start) > distanceM(best, start) ? p : best));
    expect(distanceM(start, place)).toBeGreaterThan(800);

    expect(sim.dispatch(orderFor(id, place, START + 120_000))).toBeNull();
    const after = ticks(sim, 121, 121 + 3_600);
    const twinAfter = ticks(twin, 121, 121 + 3_600);
    const track = after.map((tick) => tick.find((r) => r.boatId === id)!);
    for (const r of track) {
      expect(findBoatReadingProblem(r, START + 7_200_000)).toBeNull();
      expect(pack.inLake(at(r))).toBe(true);
    }
    const arrivedAt = track.findIndex((r) => distanceM(at(r), place) < 10);
    expect(arrivedAt).toBeGreaterThan(60);
    const perMinute = track.slice(0, arrivedAt + 1).filter((_, i) => i % 60 === 0).map((r) => distanceM(at(r), place));
    expect(perMinute.filter((d, i) => i > 0 && d < perMinute[i - 1]!).length).toBeGreaterThanOrEqual(perMinute.length - 2);
    expect(track.slice(0, arrivedAt).every((r) => r.taskState === BoatTaskState.SWEEPING && r.speedKmh >= 9)).toBe(true);

    // Circles the point, slowly, for four minutes at least; the debris on board rises.
    const circling = track.slice(arrivedAt + 2, arrivedAt + 240);
    for (const r of circling) expect(distanceM(at(r), place)).toBeLessThan(60);
    expect(Math.max(...circling.map((r) => r.speedKmh))).toBeLessThanOrEqual(7);
    expect(circling.at(-1)!.debrisKg).toBeGreaterThan(track[arrivedAt]!.debrisKg);
    // Then away, back to its own zone.
    expect(distanceM(at(track.at(-1)!), place)).toBeGreaterThan(300);
    expect(sim.takeDispatchProgress().map((p) => p.stage)).toEqual(['started', 'arrived', 'done']);

    // The other boats never noticed.
    const others = (tick: BoatReading[]) => tick.filter((r) => r.boatId !== id);
    expect(after.map(others)).toEqual(twinAfter.map(others));
  });

  it('refuses a boat it does not have and a point off the lake', () => {
    const sim = new BoatFleetSimulator({ boats: 2, seed: 1, pack });
    const onLake = at(sim.tick(START)[0]!);
    expect(sim.dispatch(orderFor('NJ-BOAT-09', onLake, START))?.code).toBe(DispatchRefusalCode.UNKNOWN_VEHICLE);
    const street = pack.layers['collection-points'][0]!.geometry.coordinates;
    expect(sim.dispatch(orderFor('NJ-BOAT-01', street, START))?.code).toBe(DispatchRefusalCode.UNREACHABLE);
  });
});
