import { toBinary } from '@bufbuild/protobuf';
import { ROADS, bearingDeg, findTruckReadingProblem, type LonLat } from '@urban-brain/common';
import { TaskState, TruckKind, TruckReadingSchema, type TruckReading } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { TruckFleetSimulator } from './truck-fleet.simulator';

const START_MS = Date.UTC(2025, 5, 1, 8, 0, 0);

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

// Distance in metres from p to the polyline, in a local flat projection around p
// (good to well under 1% over a few kilometres).
function distanceToRoadM(p: LonLat, road: readonly LonLat[]): number {
  const mPerDegLat = 110_574;
  const mPerDegLon = 111_320 * Math.cos((p[1] * Math.PI) / 180);
  const xy = (q: LonLat) => [(q[0] - p[0]) * mPerDegLon, (q[1] - p[1]) * mPerDegLat] as const;
  let best = Infinity;
  for (let i = 1; i < road.length; i++) {
    const [ax, ay] = xy(road[i - 1]!);
    const [bx, by] = xy(road[i]!);
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
  }
  return best;
}

const angleBetween = (a: number, b: number) => {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
};

describe('TruckFleetSimulator', () => {
  it('names trucks NJ-SAN-0001 onwards and mixes sweepers, sprinklers and compactors', () => {
    const fleet = new TruckFleetSimulator({ trucks: 120, seed: 42 });
    const assignments = fleet.assignments();
    expect(assignments[0]!.truckId).toBe('NJ-SAN-0001');
    expect(assignments[119]!.truckId).toBe('NJ-SAN-0120');
    expect(new Set(assignments.map((a) => a.truckId)).size).toBe(120);
    const kinds = new Map<TruckKind, number>();
    for (const a of assignments) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
    expect(kinds.get(TruckKind.COMPACTOR)).toBe(48);
    expect(kinds.get(TruckKind.SWEEPER)).toBe(48);
    expect(kinds.get(TruckKind.SPRINKLER)).toBe(24);
    // Spread over the network, not all on one road.
    expect(new Set(assignments.map((a) => a.roadId)).size).toBeGreaterThanOrEqual(6);
  });

  it('produces the same stream of readings for the same seed', () => {
    const a = run(new TruckFleetSimulator({ trucks: 30, seed: 42 }), 120);
    const b = run(new TruckFleetSimulator({ trucks: 30, seed: 42 }), 120);
    const encode = (ticks: TruckReading[][]) => ticks.flat().map((r) => Buffer.from(toBinary(TruckReadingSchema, r)).toString('hex'));
    expect(encode(a)).toEqual(encode(b));
  });

  it('produces a different stream for a different seed', () => {
    const a = run(new TruckFleetSimulator({ trucks: 30, seed: 42 }), 5).flat();
    const b = run(new TruckFleetSimulator({ trucks: 30, seed: 43 }), 5).flat();
    expect(a.map((r) => [r.lon, r.lat])).not.toEqual(b.map((r) => [r.lon, r.lat]));
  });

  it('keeps a truck the same whatever the fleet size', () => {
    const small = run(new TruckFleetSimulator({ trucks: 5, seed: 9 }), 30).flat().filter((r) => r.truckId === 'NJ-SAN-0004');
    const large = run(new TruckFleetSimulator({ trucks: 500, seed: 9 }), 30).flat().filter((r) => r.truckId === 'NJ-SAN-0004');
    expect(large).toEqual(small);
  });

  it('reports one reading per truck per tick with seq 1, 2, 3, ...', () => {
    const ticks = run(new TruckFleetSimulator({ trucks: 40, seed: 42 }), 50);
    for (const tick of ticks) expect(tick).toHaveLength(40);
    for (const [, track] of tracks(ticks)) expect(track.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('stamps each reading with the tick time', () => {
    const fleet = new TruckFleetSimulator({ trucks: 3, seed: 42 });
    expect(fleet.tick(START_MS).map((r) => r.recordedAtMs)).toEqual([BigInt(START_MS), BigInt(START_MS), BigInt(START_MS)]);
    // Fractional tick times (e.g. 3 Hz) are rounded to the millisecond.
    expect(fleet.tick(START_MS + 333.333)[0]!.recordedAtMs).toBe(BigInt(START_MS + 333));
  });

  it.each([
    ['1 Hz', 1, 900],
    ['50 Hz', 50, 3000],
    ['0.1 Hz', 0.1, 200],
  ])('keeps every truck on its road (%s)', (_label, rateHz, ticks) => {
    const fleet = new TruckFleetSimulator({ trucks: 60, seed: 5 });
    const roadOf = new Map(fleet.assignments().map((a) => [a.truckId, ROADS.find((r) => r.id === a.roadId)!.coordinates]));
    let worst = 0;
    for (const r of run(fleet, ticks, rateHz).flat()) worst = Math.max(worst, distanceToRoadM([r.lon, r.lat], roadOf.get(r.truckId)!));
    expect(worst).toBeLessThan(3);
  });

  it('moves every truck, with speeds of a city street and headings along the road', () => {
    const ticks = run(new TruckFleetSimulator({ trucks: 120, seed: 42 }), 600);
    let movingSamples = 0;
    let alignedSamples = 0;
    for (const [truckId, track] of tracks(ticks)) {
      const distinctPositions = new Set(track.map((r) => `${r.lon},${r.lat}`));
      expect(distinctPositions.size, `${truckId} never moved`).toBeGreaterThan(100);
      for (let i = 1; i < track.length; i++) {
        const prev = track[i - 1]!;
        const cur = track[i]!;
        expect(cur.speedKmh === 0 || (cur.speedKmh >= 10 && cur.speedKmh <= 40), `${truckId} speed ${cur.speedKmh}`).toBe(true);
        expect(cur.headingDeg).toBeGreaterThanOrEqual(0);
        expect(cur.headingDeg).toBeLessThan(360);
        const moved = prev.lon !== cur.lon || prev.lat !== cur.lat;
        expect(moved, `${truckId} seq ${cur.seq}: moved while reporting ${cur.speedKmh} km/h`).toBe(cur.speedKmh > 0);
        if (moved) {
          movingSamples++;
          if (angleBetween(bearingDeg([prev.lon, prev.lat], [cur.lon, cur.lat]), cur.headingDeg) < 15) alignedSamples++;
        }
      }
    }
    // Misaligned only where a truck rounds a bend or turns at the road's end within the second.
    expect(alignedSamples / movingSamples).toBeGreaterThan(0.97);
  });

  it('fits task states to the kind of truck and moves loads the right way', () => {
    const fleet = new TruckFleetSimulator({ trucks: 60, seed: 42 });
    const kindOf = new Map(fleet.assignments().map((a) => [a.truckId, a.kind]));
    const allowed: Record<number, TaskState[]> = {
      [TruckKind.COMPACTOR]: [TaskState.COLLECTING, TaskState.TO_TRANSFER_STATION, TaskState.UNLOADING, TaskState.RETURNING],
      [TruckKind.SWEEPER]: [TaskState.SWEEPING, TaskState.TO_TRANSFER_STATION, TaskState.UNLOADING, TaskState.RETURNING],
      [TruckKind.SPRINKLER]: [TaskState.SPRINKLING, TaskState.RETURNING, TaskState.IDLE],
    };
    // Two simulated hours at 0.2 Hz: long enough for full duty cycles.
    const ticks = run(fleet, 1440, 0.2);
    const seenStates = new Set<TaskState>();
    for (const [truckId, track] of tracks(ticks)) {
      const kind = kindOf.get(truckId)!;
      for (let i = 0; i < track.length; i++) {
        const r = track[i]!;
        expect(r.kind).toBe(kind);
        expect(allowed[kind], `${truckId} in ${TaskState[r.taskState]}`).toContain(r.taskState);
        seenStates.add(r.taskState);
        const prev = track[i - 1];
        if (!prev || prev.taskState !== r.taskState) continue;
        if (r.taskState === TaskState.COLLECTING || r.taskState === TaskState.SWEEPING) expect(r.loadKg).toBeGreaterThanOrEqual(prev.loadKg);
        if (r.taskState === TaskState.SPRINKLING || r.taskState === TaskState.UNLOADING) expect(r.loadKg).toBeLessThanOrEqual(prev.loadKg);
        if (r.taskState === TaskState.TO_TRANSFER_STATION) expect(r.loadKg).toBe(prev.loadKg);
      }
    }
    // Every state of every cycle occurs somewhere in the fleet over two hours.
    expect([...seenStates].sort()).toEqual(
      [TaskState.IDLE, TaskState.SWEEPING, TaskState.SPRINKLING, TaskState.COLLECTING, TaskState.TO_TRANSFER_STATION, TaskState.UNLOADING, TaskState.RETURNING].sort(),
    );
  });

  it('fills a collecting compactor until it drives to the transfer station', () => {
    const fleet = new TruckFleetSimulator({ trucks: 1, seed: 42 });
    expect(fleet.assignments()[0]!.kind).toBe(TruckKind.COMPACTOR);
    const track = run(fleet, 4000).flat();
    const firstTrip = track.findIndex((r) => r.taskState === TaskState.TO_TRANSFER_STATION);
    expect(firstTrip).toBeGreaterThan(0);
    const collecting = track.slice(0, firstTrip);
    expect(collecting.every((r) => r.taskState === TaskState.COLLECTING)).toBe(true);
    expect(collecting.at(-1)!.loadKg).toBeGreaterThan(collecting[0]!.loadKg);
    expect(track[firstTrip]!.loadKg).toBe(8000);
  });

  it('produces readings that ingest accepts', () => {
    const fleet = new TruckFleetSimulator({ trucks: 120, seed: 42 });
    for (let k = 0; k < 300; k++) {
      const now = START_MS + k * 1000;
      for (const r of fleet.tick(now)) expect(findTruckReadingProblem(r, now)).toBeNull();
    }
  });

  it('catches up after a long pause without leaving the road', () => {
    const fleet = new TruckFleetSimulator({ trucks: 10, seed: 42 });
    const before = fleet.tick(START_MS);
    const after = fleet.tick(START_MS + 3_600_000);
    expect(after.map((r) => r.seq)).toEqual(before.map((r) => r.seq + 1));
    for (const r of after) expect(findTruckReadingProblem(r, START_MS + 3_600_000)).toBeNull();
  });

  it('refuses a tick time earlier than the previous one', () => {
    const fleet = new TruckFleetSimulator({ trucks: 2, seed: 42 });
    fleet.tick(START_MS);
    expect(() => fleet.tick(START_MS - 1)).toThrow(/backwards/);
  });

  it('refuses an empty fleet', () => {
    expect(() => new TruckFleetSimulator({ trucks: 0, seed: 42 })).toThrow(RangeError);
  });
});
