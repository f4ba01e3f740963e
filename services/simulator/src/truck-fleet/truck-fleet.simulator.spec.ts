import { toBinary } from '@bufbuild/protobuf';
import { DEFAULT_CITY_PACK_DIR, loadCityPack } from '@urban-brain/city-pack';
import { bearingDeg, findTruckReadingProblem, type LonLat } from '@urban-brain/common';
import { TaskState, TruckKind, TruckReadingSchema, type TruckReading } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { FULL_SCALE_TONNES_PER_DAY, FULL_SCALE_TRUCKS, sweepingsKgPerDay } from './truck-duty-cycle';
import { TruckFleetSimulator } from './truck-fleet.simulator';

const START_MS = Date.UTC(2025, 5, 1, 8, 0, 0);
const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);
const fleetOf = (trucks: number, seed = 42) => new TruckFleetSimulator({ trucks, seed, pack });

/** Ticks the fleet `ticks` times at `rateHz` and returns every reading, tick by tick. */
function run(fleet: TruckFleetSimulator, ticks: number, rateHz = 1): TruckReading[][] {
  const intervalMs = 1000 / rateHz;
  return Array.from({ length: ticks }, (_, k) => fleet.tick(START_MS + k * intervalMs));
}

/** Readings grouped per truck, in tick order. */
function tracks(ticks: TruckReading[][]): Map<string, TruckReading[]> {
  const byTruck = new Map<string, TruckReading[]>();
  for (const tick of ticks) {
    for (const r of tick) {
      const track = byTruck.get(r.truckId);
      if (track) track.push(r);
      else byTruck.set(r.truckId, [r]);
    }
  }
  return byTruck;
}

const offRoadM = (r: TruckReading) => pack.nearestRoad([r.lon, r.lat])!.distanceM;
const distanceM = (a: LonLat, b: LonLat) => pack.projection.distanceM(a, b);

// Simulated hours or a day of the whole fleet: seconds of CPU, more on a busy 2-core box.
const LONG_RUN_MS = 120_000;

const angleBetween = (a: number, b: number) => {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
};

describe('TruckFleetSimulator', () => {
  it('names trucks NJ-SAN-0001 onwards and mixes sweepers, sprinklers and compactors', () => {
    const fleet = fleetOf(120);
    const assignments = fleet.assignments();
    expect(assignments[0]!.truckId).toBe('NJ-SAN-0001');
    expect(assignments[119]!.truckId).toBe('NJ-SAN-0120');
    expect(new Set(assignments.map((a) => a.truckId)).size).toBe(120);
    const kinds = new Map<TruckKind, number>();
    for (const a of assignments) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
    expect(kinds.get(TruckKind.COMPACTOR)).toBe(48);
    expect(kinds.get(TruckKind.SWEEPER)).toBe(48);
    expect(kinds.get(TruckKind.SPRINKLER)).toBe(24);
    // Every collection point of the city belongs to one compactor's round.
    const served = assignments.filter((a) => a.kind === TruckKind.COMPACTOR).reduce((n, a) => n + a.collectionPoints, 0);
    expect(served).toBe(pack.layers['collection-points'].length);
    // Spread over the network, not all on one road.
    const roads = new Set(fleet.tick(START_MS).map((r) => pack.nearestRoad([r.lon, r.lat])!.roadId));
    expect(roads.size).toBeGreaterThanOrEqual(20);
  });

  it('produces the same stream of readings for the same seed', () => {
    const a = run(fleetOf(30), 120);
    const b = run(fleetOf(30), 120);
    const encode = (ticks: TruckReading[][]) => ticks.flat().map((r) => Buffer.from(toBinary(TruckReadingSchema, r)).toString('hex'));
    expect(encode(a)).toEqual(encode(b));
  });

  it('produces a different stream for a different seed', () => {
    const a = run(fleetOf(30, 42), 5).flat();
    const b = run(fleetOf(30, 43), 5).flat();
    expect(a.map((r) => [r.lon, r.lat])).not.toEqual(b.map((r) => [r.lon, r.lat]));
  });

  it('keeps a sweeper and a sprinkler the same whatever the fleet size', () => {
    // Compactors share out the city's collection points, so their rounds depend on the fleet; the others do not.
    for (const id of ['NJ-SAN-0002', 'NJ-SAN-0003']) {
      const small = run(fleetOf(5, 9), 30).flat().filter((r) => r.truckId === id);
      const large = run(fleetOf(500, 9), 30).flat().filter((r) => r.truckId === id);
      expect(large).toEqual(small);
    }
  });

  it('reports one reading per truck per tick with seq 1, 2, 3, ...', () => {
    const ticks = run(fleetOf(40), 50);
    for (const tick of ticks) expect(tick).toHaveLength(40);
    for (const [, track] of tracks(ticks)) expect(track.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('stamps each reading with the tick time', () => {
    const fleet = fleetOf(3);
    expect(fleet.tick(START_MS).map((r) => r.recordedAtMs)).toEqual([BigInt(START_MS), BigInt(START_MS), BigInt(START_MS)]);
    // Fractional tick times (e.g. 3 Hz) are rounded to the millisecond.
    expect(fleet.tick(START_MS + 333.333)[0]!.recordedAtMs).toBe(BigInt(START_MS + 333));
  });

  it('with report moments, stamps each truck at one of them, the same every tick, and moves it as without', () => {
    const moments = { count: 4, intervalMs: 1_000 };
    const spread = new TruckFleetSimulator({ trucks: 20, seed: 42, pack, reportMoments: moments });
    const plain = fleetOf(20);
    const ticks = run(spread, 30);
    const plainTicks = run(plain, 30);
    const offsets = ticks[0]!.map((r) => Number(r.recordedAtMs) - START_MS);
    for (const [k, tick] of ticks.entries()) {
      expect(tick.map((r) => Number(r.recordedAtMs) - START_MS - k * 1_000)).toEqual(offsets);
      expect(tick.map((r) => [r.truckId, r.seq, r.lon, r.lat, r.loadKg])).toEqual(plainTicks[k]!.map((r) => [r.truckId, r.seq, r.lon, r.lat, r.loadKg]));
    }
    for (const offset of offsets) expect([0, 250, 500, 750]).toContain(offset);
    // Spread over all four moments, none holding most of the fleet.
    const perMoment = [0, 250, 500, 750].map((m) => offsets.filter((o) => o === m).length);
    expect(Math.min(...perMoment)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...perMoment)).toBeLessThanOrEqual(10);
    expect(offsets.map((o, i) => spread.offsetMsOf(`NJ-SAN-${String(i + 1).padStart(4, '0')}`))).toEqual(offsets);
    // The same seed gives the same moments; a truck's moment does not depend on the fleet size.
    const again = new TruckFleetSimulator({ trucks: 5, seed: 42, pack, reportMoments: moments });
    expect(again.tick(START_MS).map((r) => Number(r.recordedAtMs) - START_MS)).toEqual(offsets.slice(0, 5));
  });

  it.each([
    ['1 Hz', 1, 900],
    ['50 Hz', 50, 3000],
    ['0.1 Hz', 0.1, 720],
  ])('keeps every truck on the road network (%s)', (_label, rateHz, ticks) => {
    const fleet = fleetOf(60, 5);
    let worst = 0;
    for (const r of run(fleet, ticks, rateHz).flat()) worst = Math.max(worst, offRoadM(r));
    expect(worst).toBeLessThan(3);
  });

  it('drives routes over many roads, at city speeds, with headings along the road', () => {
    const ticks = run(fleetOf(120), 900);
    let movingSamples = 0;
    let alignedSamples = 0;
    let moversOverManyPositions = 0;
    const problems: string[] = [];
    for (const [truckId, track] of tracks(ticks)) {
      if (new Set(track.map((r) => `${r.lon},${r.lat}`)).size > 100) moversOverManyPositions++;
      for (let i = 1; i < track.length; i++) {
        const prev = track[i - 1]!;
        const cur = track[i]!;
        const where = `${truckId} seq ${cur.seq}`;
        if (!(cur.speedKmh === 0 || (cur.speedKmh >= 10 && cur.speedKmh <= 40))) problems.push(`${where}: speed ${cur.speedKmh}`);
        if (!(cur.headingDeg >= 0 && cur.headingDeg < 360)) problems.push(`${where}: heading ${cur.headingDeg}`);
        const movedM = distanceM([prev.lon, prev.lat], [cur.lon, cur.lat]);
        // A truck reporting a speed moves; a stopped one moved at most the last bit before it stopped.
        if (cur.speedKmh > 0 && movedM === 0) problems.push(`${where}: reports ${cur.speedKmh} km/h standing still`);
        if (cur.speedKmh === 0 && movedM >= 12) problems.push(`${where}: moved ${movedM} m reporting 0 km/h`);
        if (cur.speedKmh > 0 && prev.speedKmh > 0 && movedM > 1) {
          movingSamples++;
          if (angleBetween(bearingDeg([prev.lon, prev.lat], [cur.lon, cur.lat]), cur.headingDeg) < 15) alignedSamples++;
        }
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    // Compactors stand at stops and at the station for minutes; most of the fleet still moves on.
    expect(moversOverManyPositions).toBeGreaterThan(100);
    // Misaligned only where a truck turns a corner within the second.
    expect(alignedSamples / movingSamples).toBeGreaterThan(0.95);
  }, LONG_RUN_MS);

  it('fits task states to the kind of truck and moves loads the right way', () => {
    const fleet = fleetOf(60);
    const kindOf = new Map(fleet.assignments().map((a) => [a.truckId, a.kind]));
    const allowed: Record<number, TaskState[]> = {
      [TruckKind.COMPACTOR]: [TaskState.COLLECTING, TaskState.TO_TRANSFER_STATION, TaskState.UNLOADING, TaskState.RETURNING, TaskState.IDLE],
      [TruckKind.SWEEPER]: [TaskState.SWEEPING, TaskState.TO_TRANSFER_STATION, TaskState.UNLOADING, TaskState.RETURNING],
      [TruckKind.SPRINKLER]: [TaskState.SPRINKLING, TaskState.RETURNING, TaskState.IDLE],
    };
    // Four simulated hours at 0.2 Hz: long enough for full duty cycles.
    const ticks = run(fleet, 2880, 0.2);
    const seenStates = new Set<TaskState>();
    const problems: string[] = [];
    for (const [truckId, track] of tracks(ticks)) {
      const kind = kindOf.get(truckId)!;
      for (let i = 0; i < track.length; i++) {
        const r = track[i]!;
        const where = `${truckId} seq ${r.seq} ${TaskState[r.taskState]}`;
        if (r.kind !== kind) problems.push(`${where}: kind ${r.kind}`);
        if (!allowed[kind]!.includes(r.taskState)) problems.push(`${where}: not a state of its kind`);
        seenStates.add(r.taskState);
        const prev = track[i - 1];
        if (!prev || prev.taskState !== r.taskState) continue;
        const [rose, fell] = [r.loadKg > prev.loadKg, r.loadKg < prev.loadKg];
        if ((r.taskState === TaskState.COLLECTING || r.taskState === TaskState.SWEEPING) && fell) problems.push(`${where}: load fell`);
        if ((r.taskState === TaskState.SPRINKLING || r.taskState === TaskState.UNLOADING) && rose) problems.push(`${where}: load rose`);
        if (r.taskState === TaskState.TO_TRANSFER_STATION && (rose || fell)) problems.push(`${where}: load changed on the road`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect([...seenStates].sort()).toEqual(
      [TaskState.IDLE, TaskState.SWEEPING, TaskState.SPRINKLING, TaskState.COLLECTING, TaskState.TO_TRANSFER_STATION, TaskState.UNLOADING, TaskState.RETURNING].sort(),
    );
  }, LONG_RUN_MS);

  it('fills a compactor stop by stop while it stands at collection points', () => {
    const fleet = fleetOf(1);
    expect(fleet.assignments()[0]!.kind).toBe(TruckKind.COMPACTOR);
    const track = run(fleet, 3 * 3600).flat();
    const rises = track.filter((r, i) => i > 0 && r.loadKg > track[i - 1]!.loadKg).map((r) => ({ r, prev: track[r.seq - 2]! }));
    expect(rises.length).toBeGreaterThan(10);
    // Load rises only while collecting, standing at a collection point.
    const points = pack.layers['collection-points'].map((p) => pack.nearestRoad(p.geometry.coordinates)!.point);
    for (const { r, prev } of rises) {
      expect(r.taskState).toBe(TaskState.COLLECTING);
      expect(prev.speedKmh).toBe(0);
      expect(Math.min(...points.map((p) => distanceM(p, [prev.lon, prev.lat])))).toBeLessThan(1);
    }
  });

  it('sends every compactor to the transfer station and then the plant within a 12-hour shift', () => {
    const fleet = fleetOf(FULL_SCALE_TRUCKS);
    const { transferStation, plant } = fleet.sites;
    const compactors = new Set(fleet.assignments().filter((a) => a.kind === TruckKind.COMPACTOR).map((a) => a.truckId));
    const visits = new Map<string, string[]>();
    for (let k = 0; k <= 12 * 360; k++) {
      for (const r of fleet.tick(START_MS + k * 10_000)) {
        if (!compactors.has(r.truckId) || r.taskState !== TaskState.UNLOADING) continue;
        const where = distanceM([r.lon, r.lat], transferStation) < 1 ? 'station' : distanceM([r.lon, r.lat], plant) < 1 ? 'plant' : 'elsewhere';
        const seen = visits.get(r.truckId) ?? [];
        if (seen.at(-1) !== where) seen.push(where);
        visits.set(r.truckId, seen);
      }
    }
    for (const id of compactors) {
      const seen = visits.get(id) ?? [];
      expect(seen, id).not.toContain('elsewhere');
      // Station first, then the plant (a compactor that started on the road to the plant may show "plant" first).
      const station = seen.indexOf('station');
      expect(station, `${id} never unloaded at the transfer station`).toBeGreaterThanOrEqual(0);
      expect(seen.slice(station), `${id} never went on to the plant`).toContain('plant');
    }
  }, LONG_RUN_MS);

  // The city's 737 t a day is the bins' household waste plus the sweepers' street sweepings (~142 t).
  it('collects about 737 t a day at full scale: the bins to the plant, the rest swept', () => {
    const fleet = fleetOf(FULL_SCALE_TRUCKS);
    const stepMs = 15_000;
    const warmUpTicks = (2 * 3600_000) / stepMs;
    const dayTicks = (24 * 3600_000) / stepMs;
    for (let k = 0; k <= warmUpTicks; k++) fleet.tick(START_MS + k * stepMs);
    const before = fleet.snapshotTotals();
    for (let k = warmUpTicks + 1; k <= warmUpTicks + dayTicks; k++) fleet.tick(START_MS + k * stepMs);
    const after = fleet.snapshotTotals();
    const collectedT = (after.collectedKg - before.collectedKg) / 1000;
    const deliveredT = (after.deliveredToPlantKg - before.deliveredToPlantKg) / 1000;
    const binsT = FULL_SCALE_TONNES_PER_DAY - sweepingsKgPerDay(FULL_SCALE_TRUCKS) / 1000;
    expect(collectedT).toBeGreaterThan(binsT * 0.88);
    expect(collectedT).toBeLessThan(binsT * 1.12);
    expect(deliveredT).toBeGreaterThan(binsT * 0.88);
    expect(deliveredT).toBeLessThan(binsT * 1.12);
  }, LONG_RUN_MS);

  it('gives every key area a sprinkler pass at least every two hours', () => {
    const fleet = fleetOf(FULL_SCALE_TRUCKS);
    const stepMs = 5_000;
    const lastPass = fleet.keyAreas.map(() => START_MS);
    let worstGapMs = 0;
    for (let k = 0; k <= (8 * 3600_000) / stepMs; k++) {
      const now = START_MS + k * stepMs;
      const sprinkling = fleet.tick(now).filter((r) => r.taskState === TaskState.SPRINKLING);
      fleet.keyAreas.forEach((area, i) => {
        if (sprinkling.some((r) => distanceM(area, [r.lon, r.lat]) < 60)) {
          worstGapMs = Math.max(worstGapMs, now - lastPass[i]!);
          lastPass[i] = now;
        }
      });
    }
    const end = START_MS + 8 * 3600_000;
    for (const t of lastPass) worstGapMs = Math.max(worstGapMs, end - t);
    expect(worstGapMs).toBeLessThanOrEqual(2 * 3600_000);
  }, LONG_RUN_MS);

  it('produces readings that ingest accepts', () => {
    const fleet = fleetOf(120);
    for (let k = 0; k < 300; k++) {
      const now = START_MS + k * 1000;
      for (const r of fleet.tick(now)) expect(findTruckReadingProblem(r, now)).toBeNull();
    }
  });

  it('catches up after a long pause without leaving the road', () => {
    const fleet = fleetOf(10);
    const before = fleet.tick(START_MS);
    const after = fleet.tick(START_MS + 3_600_000);
    expect(after.map((r) => r.seq)).toEqual(before.map((r) => r.seq + 1));
    for (const r of after) {
      expect(findTruckReadingProblem(r, START_MS + 3_600_000)).toBeNull();
      expect(offRoadM(r)).toBeLessThan(3);
    }
  });

  it('refuses a tick time earlier than the previous one', () => {
    const fleet = fleetOf(2);
    fleet.tick(START_MS);
    expect(() => fleet.tick(START_MS - 1)).toThrow(/backwards/);
  });

  it('refuses an empty fleet', () => {
    expect(() => fleetOf(0)).toThrow(RangeError);
  });
});
