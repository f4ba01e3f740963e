import { DEFAULT_CITY_PACK_DIR, loadCityPack } from '@urban-brain/city-pack';
import { findTruckReadingProblem, type LonLat } from '@urban-brain/common';
import { TaskState, TruckKind, type TruckReading } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { DispatchRefusalCode, type DispatchOrder } from '../dispatch/dispatch-order';
import { TruckFleetSimulator } from './truck-fleet.simulator';

const START_MS = Date.UTC(2025, 5, 1, 8, 0, 0);
const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);
const distanceM = (a: LonLat, b: LonLat) => pack.projection.distanceM(a, b);
const at = (r: TruckReading): LonLat => [r.lon, r.lat];

const orderFor = (vehicleId: string, place: LonLat, fromMs: number, taskId = 'task-1'): DispatchOrder => ({ taskId, alertId: 'alert-1', vehicleId, place, action: 'collect', fromMs });

/** A collection point (on a road) about `metres` from `from`. */
function placeAbout(from: LonLat, metres: number): LonLat {
  const points = pack.layers['collection-points'].map((p) => pack.nearestRoad(p.geometry.coordinates)!.point as LonLat);
  return points.reduce((best, p) => (Math.abs(distanceM(p, from) - metres) < Math.abs(distanceM(best, from) - metres) ? p : best));
}

/** Ticks every second from `fromS` to `toS` (seconds after START_MS), returning each tick's readings. */
function ticks(fleet: TruckFleetSimulator, fromS: number, toS: number): TruckReading[][] {
  const out: TruckReading[][] = [];
  for (let s = fromS; s <= toS; s++) out.push(fleet.tick(START_MS + s * 1000));
  return out;
}

// An hour of the fleet at 1 Hz, twice: seconds of CPU, more on a loaded machine.
describe('TruckFleetSimulator dispatch', { timeout: 60_000 }, () => {
  it('sends a compactor to a place ~2 km away: it drives there, collects a few minutes, then goes back to its round', () => {
    const fleet = new TruckFleetSimulator({ trucks: 10, seed: 42, pack });
    const twin = new TruckFleetSimulator({ trucks: 10, seed: 42, pack });
    const id = 'NJ-SAN-0001';
    expect(fleet.assignments()[0]!.kind).toBe(TruckKind.COMPACTOR);
    const before = ticks(fleet, 0, 60);
    ticks(twin, 0, 60);
    const start = at(before.at(-1)!.find((r) => r.truckId === id)!);
    const place = placeAbout(start, 2_000);
    expect(distanceM(start, place)).toBeGreaterThan(1_500);

    expect(fleet.dispatch(orderFor(id, place, START_MS + 60_000))).toBeNull();
    const after = ticks(fleet, 61, 61 + 3_600);
    const twinAfter = ticks(twin, 61, 61 + 3_600);
    const track = after.map((tick) => tick.find((r) => r.truckId === id)!);
    for (const r of track) expect(findTruckReadingProblem(r, START_MS + 7_200_000)).toBeNull();

    // Heads there at once, on the roads: the distance falls, minute by minute, to the place.
    const arrivedAt = track.findIndex((r) => distanceM(at(r), place) < 5);
    expect(arrivedAt).toBeGreaterThan(60);
    expect(arrivedAt).toBeLessThan(20 * 60);
    const perMinute = track.slice(0, arrivedAt + 1).filter((_, i) => i % 60 === 0).map((r) => distanceM(at(r), place));
    expect(perMinute.filter((d, i) => i > 0 && d < perMinute[i - 1]!).length).toBeGreaterThanOrEqual(perMinute.length - 2);
    for (const r of track.slice(1, arrivedAt)) {
      expect(r.taskState).toBe(TaskState.COLLECTING);
      expect(pack.nearestRoad(at(r))!.distanceM).toBeLessThan(3);
    }
    expect(track[arrivedAt - 1]!.speedKmh).toBeGreaterThan(0);

    // Stays a few minutes collecting, parked, its load rising.
    let leftAt = arrivedAt;
    while (distanceM(at(track[leftAt + 1]!), place) < 5) leftAt++;
    expect(leftAt - arrivedAt).toBeGreaterThanOrEqual(170);
    expect(leftAt - arrivedAt).toBeLessThanOrEqual(430);
    for (const r of track.slice(arrivedAt + 1, leftAt)) expect(r).toMatchObject({ taskState: TaskState.COLLECTING, speedKmh: 0 });
    expect(track[leftAt]!.loadKg).toBeGreaterThan(track[arrivedAt]!.loadKg);

    // Then back to its duty cycle: it drives off, to its round or, full, to the transfer station.
    expect([TaskState.RETURNING, TaskState.TO_TRANSFER_STATION]).toContain(track[leftAt + 30]!.taskState);
    expect(distanceM(at(track[leftAt + 300]!), place)).toBeGreaterThan(200);

    // The sweepers and sprinklers never noticed (the compactors share the bins, so may have).
    const untouched = (tick: TruckReading[]) => tick.filter((r) => r.kind !== TruckKind.COMPACTOR);
    expect(after.map(untouched)).toEqual(twinAfter.map(untouched));
    expect(fleet.takeDispatchProgress().map((p) => p.stage)).toEqual(['started', 'arrived', 'done']);
  });

  it('sends a sweeper: it sweeps back and forth near the place for a few minutes, its hopper filling, then resumes', () => {
    const fleet = new TruckFleetSimulator({ trucks: 10, seed: 42, pack });
    const id = 'NJ-SAN-0002';
    expect(fleet.assignments()[1]!.kind).toBe(TruckKind.SWEEPER);
    const start = at(ticks(fleet, 0, 10).at(-1)!.find((r) => r.truckId === id)!);
    const place = placeAbout(start, 2_000);
    expect(fleet.dispatch({ ...orderFor(id, place, START_MS + 10_000), action: 'sweep' })).toBeNull();
    const track = ticks(fleet, 11, 11 + 3_600).map((tick) => tick.find((r) => r.truckId === id)!);
    const arrivedAt = track.findIndex((r) => distanceM(at(r), place) < 5);
    expect(arrivedAt).toBeGreaterThan(0);
    expect(track.slice(1, arrivedAt).every((r) => r.taskState === TaskState.RETURNING)).toBe(true);
    const sweeping = track.slice(arrivedAt + 1, arrivedAt + 180);
    for (const r of sweeping) {
      expect(r.taskState).toBe(TaskState.SWEEPING);
      expect(distanceM(at(r), place)).toBeLessThan(300);
    }
    expect(Math.max(...sweeping.map((r) => r.speedKmh))).toBeGreaterThan(5);
    expect(sweeping.at(-1)!.loadKg).toBeGreaterThan(track[arrivedAt]!.loadKg);
    const done = fleet.takeDispatchProgress().find((p) => p.stage === 'done');
    expect(done).toBeDefined();
    // Within the few minutes of work (and the last leg of the beat) it is off again.
    expect(distanceM(at(track.at(-1)!), place)).toBeGreaterThan(300);
  });

  it('waits for the tick at or after the order: the fleet ticked through the past is not touched', () => {
    const fleet = new TruckFleetSimulator({ trucks: 5, seed: 3, pack });
    const twin = new TruckFleetSimulator({ trucks: 5, seed: 3, pack });
    const place = placeAbout(at(fleet.tick(START_MS)[0]!), 2_000);
    twin.tick(START_MS);
    expect(fleet.dispatch(orderFor('NJ-SAN-0001', place, START_MS + 600_000))).toBeNull();
    expect(ticks(fleet, 1, 599)).toEqual(ticks(twin, 1, 599));
    const [a, b] = [fleet.tick(START_MS + 600_000), twin.tick(START_MS + 600_000)];
    expect(fleet.takeDispatchProgress().map((p) => p.stage)).toEqual(['started']);
    // From that tick on, the truck goes its own way; the others do not notice.
    expect(a[0]).not.toEqual(b[0]);
    expect(a.slice(1)).toEqual(b.slice(1));
  });

  it('a second order for the same truck replaces the first', () => {
    const fleet = new TruckFleetSimulator({ trucks: 5, seed: 3, pack });
    const start = at(fleet.tick(START_MS)[0]!);
    expect(fleet.dispatch(orderFor('NJ-SAN-0001', placeAbout(start, 2_000), START_MS, 'a'))).toBeNull();
    fleet.tick(START_MS + 1_000);
    expect(fleet.dispatch(orderFor('NJ-SAN-0001', placeAbout(start, 1_000), START_MS + 1_000, 'b'))).toBeNull();
    fleet.tick(START_MS + 2_000);
    expect(fleet.takeDispatchProgress().map((p) => [p.order.taskId, p.stage])).toEqual([
      ['a', 'started'],
      ['a', 'replaced'],
      ['b', 'started'],
    ]);
  });

  it('refuses a truck it does not have and a place no road reaches', () => {
    const fleet = new TruckFleetSimulator({ trucks: 5, seed: 3, pack });
    fleet.tick(START_MS);
    expect(fleet.dispatch(orderFor('NJ-SAN-0099', [105.05, 29.58], START_MS))?.code).toBe(DispatchRefusalCode.UNKNOWN_VEHICLE);
    expect(fleet.dispatch(orderFor('NJ-SAN-0001', [106.5, 29.58], START_MS))?.code).toBe(DispatchRefusalCode.UNREACHABLE);
  });
});
