import { toBinary } from '@bufbuild/protobuf';
import { DEFAULT_CITY_PACK_DIR, loadCityPack } from '@urban-brain/city-pack';
import { findCorridorObservationProblem, findSignalPhaseChangeProblem } from '@urban-brain/common';
import { CorridorObservationSchema, MovementPhaseState, SignalPhaseChangeSchema, type CorridorObservation } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { GreenWaveSimulator, type GreenWaveOptions } from './green-wave.simulator';

const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);
const START_MS = Date.UTC(2025, 5, 1, 8, 0, 0);

/** Runs the corridors at 1 Hz for `seconds` and collects everything they emit. */
function run(options: Partial<GreenWaveOptions>, seconds: number) {
  const sim = new GreenWaveSimulator({ pack, seed: 42, observationS: 60, ...options });
  const phaseChanges = [];
  const observations: CorridorObservation[] = [];
  for (let s = 0; s <= seconds; s++) {
    const out = sim.tick(START_MS + s * 1000);
    phaseChanges.push(...out.phaseChanges);
    observations.push(...out.observations);
  }
  return { sim, phaseChanges, observations };
}

/** Arrivals on green over a set of observations, weighted by vehicles. */
function meanArrivalsOnGreen(observations: CorridorObservation[]): number {
  const weighted = observations.filter((o) => o.vehicles > 0);
  return weighted.reduce((s, o) => s + o.arrivalsOnGreenPct * o.vehicles, 0) / weighted.reduce((s, o) => s + o.vehicles, 0);
}

describe('GreenWaveSimulator', () => {
  it('runs every corridor of the pack with its intersections', () => {
    const sim = new GreenWaveSimulator({ pack, seed: 42, observationS: 60 });
    expect(sim.corridorCount).toBe(14);
    expect(sim.intersectionCount).toBe(pack.layers.intersections.length);
  });

  it('changes phase green -> amber -> red on each intersection, each change valid, with its planned end', () => {
    const { phaseChanges } = run({}, 600);
    const byIntersection = new Map<string, typeof phaseChanges>();
    for (const c of phaseChanges) byIntersection.set(c.intersectionId, [...(byIntersection.get(c.intersectionId) ?? []), c]);
    expect(byIntersection.size).toBe(pack.layers.intersections.length);
    const order = [MovementPhaseState.PROTECTED_MOVEMENT_ALLOWED, MovementPhaseState.PROTECTED_CLEARANCE, MovementPhaseState.STOP_AND_REMAIN];
    for (const [id, changes] of byIntersection) {
      expect(changes.map((c) => c.seq)).toEqual(changes.map((_, i) => i + 1));
      // 600 s of 90-120 s cycles: at least 4 cycles of three phases each.
      expect(changes.length, id).toBeGreaterThanOrEqual(13);
      for (let k = 1; k < changes.length; k++) {
        const [prev, cur] = [changes[k - 1]!, changes[k]!];
        expect(order[(order.indexOf(prev.phaseState) + 1) % 3]).toBe(cur.phaseState);
        // The phase ends when the next starts, as announced.
        expect(cur.startMs).toBe(prev.maxEndMs);
        expect(cur.recordedAtMs).toBe(cur.startMs);
      }
      for (const c of changes) expect(findSignalPhaseChangeProblem(c, START_MS + 700_000)).toBeNull();
    }
  });

  it('sets offsets so green starts distance / design speed later along the corridor', () => {
    const corridor = pack.corridors[0]!;
    const { cycleS, designSpeedKmh } = corridor.feature.properties;
    const { phaseChanges } = run({}, 400);
    const greensAt = (id: string) => phaseChanges.filter((c) => c.intersectionId === id && c.phaseState === MovementPhaseState.PROTECTED_MOVEMENT_ALLOWED).map((c) => Number(c.startMs));
    const [a, b] = [corridor.intersections[0]!, corridor.intersections.at(-1)!];
    const expectedS = ((b.properties.distanceM - a.properties.distanceM) / (designSpeedKmh / 3.6)) % cycleS;
    const diffS = (((greensAt(b.id)[1]! - greensAt(a.id)[1]!) / 1000) % cycleS + cycleS) % cycleS;
    expect(Math.abs(diffS - expectedS)).toBeLessThan(1.01);
  });

  it('starts with traffic already on the road: every corridor has finished trips within its first cycle', () => {
    // One platoon per 120 s cycle and 60 s windows: a corridor's platoon finishes in one of its first two windows.
    const { observations } = run({ driftingCorridors: [], darkIntersections: [] }, 120);
    expect(observations).toHaveLength(14 * 2);
    const firstWindow = observations.filter((o) => o.recordedAtMs === BigInt(START_MS + 60_000));
    expect(firstWindow.filter((o) => o.vehicles > 0).length).toBeGreaterThanOrEqual(5);
    for (const id of new Set(observations.map((o) => o.corridorId))) {
      const trips = observations.filter((o) => o.corridorId === id && o.vehicles > 0);
      expect(trips.length, id).toBeGreaterThan(0);
      // Trips that ended in the window, not during the warm-up: each took a drive through the corridor.
      for (const o of trips) expect(o.travelTimeS / o.designTravelTimeS, id).toBeGreaterThan(0.8);
    }
  });

  it('keeps arrivals on green above 70% on every corridor while in sync, with valid observations', () => {
    const { observations } = run({ driftingCorridors: [], darkIntersections: [] }, 1800);
    expect(observations).toHaveLength(14 * 30);
    for (const o of observations) expect(findCorridorObservationProblem(o, START_MS + 1_900_000)).toBeNull();
    const corridors = new Set(observations.map((o) => o.corridorId));
    for (const id of corridors) {
      const mine = observations.filter((o) => o.corridorId === id);
      const aog = meanArrivalsOnGreen(mine);
      expect(aog, id).toBeGreaterThan(70);
      const travel = mine.filter((o) => o.vehicles > 0);
      const meanTravel = travel.reduce((s, o) => s + o.travelTimeS, 0) / travel.length;
      // Near the design travel time: the band carries the platoons through.
      expect(meanTravel / travel[0]!.designTravelTimeS, id).toBeLessThan(1.25);
    }
  });

  it('loses the band when the controllers drift: arrivals on green drop and stops rise', () => {
    const corridor = 'corridor:hanyu-east';
    const inSync = run({ driftingCorridors: [], darkIntersections: [] }, 3600).observations.filter((o) => o.corridorId === corridor);
    const drifting = run({ driftingCorridors: [corridor], darkIntersections: [], driftSPerMin: 2, faultsFromMs: START_MS }, 3600).observations.filter((o) => o.corridorId === corridor);
    // The second half hour: drift of 30-90 s per controller by then.
    const late = (obs: CorridorObservation[]) => obs.slice(30);
    const [aogSync, aogDrift] = [meanArrivalsOnGreen(late(inSync)), meanArrivalsOnGreen(late(drifting))];
    expect(aogSync).toBeGreaterThan(70);
    expect(aogDrift).toBeLessThan(aogSync - 20);
    const stops = (obs: CorridorObservation[]) => obs.reduce((s, o) => s + o.stops, 0) / obs.length;
    expect(stops(late(drifting))).toBeGreaterThan(stops(late(inSync)) + 0.5);
  });

  it('reports a dark signal as DARK, with no planned end, and then stays silent', () => {
    const dark = 'intersection:xinjiang-05';
    const { phaseChanges } = run({ darkIntersections: [dark], faultsFromMs: START_MS + 300_000 }, 900);
    const changes = phaseChanges.filter((c) => c.intersectionId === dark);
    const darkAt = changes.findIndex((c) => c.phaseState === MovementPhaseState.DARK);
    expect(darkAt).toBeGreaterThan(0);
    expect(changes.slice(0, darkAt).every((c) => c.phaseState !== MovementPhaseState.DARK)).toBe(true);
    expect(changes[darkAt]).toMatchObject({ startMs: BigInt(START_MS + 300_000), minEndMs: 0n, maxEndMs: 0n });
    expect(changes).toHaveLength(darkAt + 1);
    expect(findSignalPhaseChangeProblem(changes[darkAt]!, START_MS + 1_000_000)).toBeNull();
    // Its neighbours keep cycling.
    expect(phaseChanges.filter((c) => c.intersectionId === 'intersection:xinjiang-04' && Number(c.startMs) > START_MS + 600_000).length).toBeGreaterThan(3);
  });

  it('is deterministic for a seed', () => {
    const encode = (r: ReturnType<typeof run>) => [
      ...r.phaseChanges.map((c) => Buffer.from(toBinary(SignalPhaseChangeSchema, c)).toString('hex')),
      ...r.observations.map((o) => Buffer.from(toBinary(CorridorObservationSchema, o)).toString('hex')),
    ];
    expect(encode(run({ driftingCorridors: ['corridor:g321'] }, 300))).toEqual(encode(run({ driftingCorridors: ['corridor:g321'] }, 300)));
  });

  it('refuses unknown corridors and intersections', () => {
    expect(() => new GreenWaveSimulator({ pack, seed: 1, observationS: 60, driftingCorridors: ['corridor:nope'] })).toThrow(/corridor:nope/);
    expect(() => new GreenWaveSimulator({ pack, seed: 1, observationS: 60, darkIntersections: ['intersection:nope'] })).toThrow(/intersection:nope/);
  });
});
