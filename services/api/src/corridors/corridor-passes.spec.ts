import { DEFAULT_CITY_PACK_DIR, loadCityPack } from '@urban-brain/city-pack';
import type { PhaseInterval } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { arrivalsOf, corridorPasses, stopsOf, timeAt, trajectoriesOf, trajectoryFigures, type CorridorPlace, type VehicleFix } from './corridor-passes';

// A corridor along the x axis: a fix's "lon" is metres along it, its "lat" metres off it.
const straight = (lon: number, lat: number): CorridorPlace => ({ distanceM: Math.min(1000, Math.max(0, lon)), offsetM: Math.abs(lat) });
const fix = (vehicleId: string, tS: number, alongM: number, offM = 3): VehicleFix => ({ vehicleId, fleet: 'trucks', tMs: tS * 1000, lon: alongM, lat: offM });
/** Fixes every `stepS` seconds along a piecewise-linear drive through (t s, metres) corners. */
function drive(vehicleId: string, corners: [number, number][], stepS = 1): VehicleFix[] {
  const out: VehicleFix[] = [];
  for (let i = 1; i < corners.length; i++) {
    const [t0, d0] = corners[i - 1]!;
    const [t1, d1] = corners[i]!;
    for (let t = t0; t < t1 || (i === corners.length - 1 && t === t1); t += stepS) out.push(fix(vehicleId, t, d0 + ((d1 - d0) * (t - t0)) / (t1 - t0)));
  }
  return out;
}

describe('projecting vehicles onto the corridor', () => {
  it('places a fix of the Neijiang pack at its intersection by the distance the pack gives it', () => {
    const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);
    const corridor = pack.corridor('corridor:hanan-central')!;
    for (const intersection of corridor.intersections) {
      const [lon, lat] = intersection.geometry.coordinates;
      const at = pack.distanceAlongCorridor('corridor:hanan-central', [lon!, lat!]);
      expect(at.distanceM).toBeCloseTo(intersection.properties.distanceM, 0);
      expect(at.offsetM).toBeLessThan(1);
    }
    // 20 m north of the line's midpoint: 20 m off it.
    const [midLon, midLat] = pack.positionAlongCorridor('corridor:hanan-central', 1000).position;
    expect(pack.distanceAlongCorridor('corridor:hanan-central', [midLon, midLat + 20 / 111_320]).offsetM).toBeGreaterThan(15);
  });

  it('keeps a vehicle driving the corridor as one pass of its fixes, in time order', () => {
    const fixes = drive('truck-1', [[0, 0], [60, 600]], 10).reverse();
    const [pass, ...more] = corridorPasses(fixes, straight);
    expect(more).toEqual([]);
    expect(pass).toEqual({ vehicleId: 'truck-1', fleet: 'trucks', direction: 'outbound', points: [0, 1, 2, 3, 4, 5, 6].map((k) => [k * 10_000, k * 100]) });
  });

  it('leaves out fixes off the line, vehicles crossing at a junction and runs under 150 m', () => {
    const crossing = [0, 1, 2, 3, 4].map((t) => fix('truck-2', t, 300, 40 - 20 * t));
    const short = drive('truck-3', [[0, 0], [10, 100]]);
    const offLine = drive('truck-4', [[0, 0], [60, 600]]).map((f) => ({ ...f, lat: 30 }));
    expect(corridorPasses([...crossing, ...short, ...offLine], straight)).toEqual([]);
  });

  it('ends a pass at a silence over 15 s and where the vehicle turns', () => {
    const gap = [...drive('truck-5', [[0, 0], [20, 200]]), ...drive('truck-5', [[40, 400], [60, 600]])];
    expect(corridorPasses(gap, straight).map((p) => [p.points[0], p.points.at(-1)])).toEqual([
      [[0, 0], [20_000, 200]],
      [[40_000, 400], [60_000, 600]],
    ]);
    const beat = drive('truck-6', [[0, 0], [30, 300], [60, 0]], 10);
    const passes = corridorPasses(beat, straight);
    expect(passes.map((p) => p.direction)).toEqual(['outbound', 'inbound']);
    // The turn's fix (300 m at 30 s) ends the first pass and starts the second.
    expect(passes.map((p) => [p.points[0], p.points.at(-1)])).toEqual([
      [[0, 0], [30_000, 300]],
      [[30_000, 300], [60_000, 0]],
    ]);
  });
});

describe('the figures of a trajectory', () => {
  it('counts a stop each time the vehicle comes to rest after moving, not the jitter of a queue', () => {
    // 10 m/s, then 30 s standing (a metre of GPS jitter), then on; then a second stop.
    const points: [number, number][] = [[0, 0], [10_000, 100], [20_000, 200], [30_000, 201], [40_000, 200], [50_000, 201], [60_000, 300], [70_000, 300], [80_000, 400]];
    expect(stopsOf(points)).toBe(2);
    // Starting at rest in a queue is not a stop on the corridor.
    expect(stopsOf([[0, 0], [10_000, 1], [20_000, 101]])).toBe(0);
  });

  it('finds when a pass reached a distance by interpolating between fixes', () => {
    expect(timeAt([[0, 0], [10_000, 100], [20_000, 300]], 200)).toBe(15_000);
    expect(timeAt([[0, 300], [10_000, 100]], 250)).toBe(2_500);
    expect(timeAt([[0, 0], [10_000, 100]], 150)).toBeNull();
  });

  it('judges an arrival 40 m upstream of the stop line at the design speed, both ways', () => {
    // Red until 30 s, green 30-70 s at the stop line at 300 m; design speed 10 m/s (40 m take 4 s).
    const phases: PhaseInterval[] = [
      { color: 'red', startMs: 0, endMs: 30_000 },
      { color: 'green', startMs: 30_000, endMs: 70_000 },
      { color: 'red', startMs: 70_000, endMs: 130_000 },
    ];
    const intersections = [{ distanceM: 300, phases }];
    // Passes 260 m at 26 s: due at the line at 30 s, on green.
    const onGreen = { vehicleId: 'a', fleet: 'trucks', direction: 'outbound' as const, points: [[0, 0], [60_000, 600]] as [number, number][] };
    expect(arrivalsOf(onGreen, intersections, 10)).toEqual({ arrivals: 1, onGreen: 1 });
    // Passes 260 m at 25 s: due at 29 s, on red, though it crossed the line (at 30 s) just after green.
    const early = { ...onGreen, points: [[0, 10], [25_000, 260], [30_000, 300], [60_000, 600]] as [number, number][] };
    expect(arrivalsOf(early, intersections, 10)).toEqual({ arrivals: 1, onGreen: 0 });
    // Inbound: the detector is at 340 m; passes it at 66 s, due at 70 s: red.
    const inbound = { ...onGreen, direction: 'inbound' as const, points: [[60_000, 400], [66_000, 340], [100_000, 0]] as [number, number][] };
    expect(arrivalsOf(inbound, intersections, 10)).toEqual({ arrivals: 1, onGreen: 0 });
    // Turned off before the junction, or no phase known then: no arrival.
    expect(arrivalsOf({ ...onGreen, points: [[0, 0], [28_000, 280]] }, intersections, 10)).toEqual({ arrivals: 0, onGreen: 0 });
    expect(arrivalsOf({ ...onGreen, points: [[200_000, 0], [260_000, 600]] }, intersections, 10)).toEqual({ arrivals: 0, onGreen: 0 });
  });

  it('sums arrivals on green, stops per vehicle and travel time against the design', () => {
    const phases: PhaseInterval[] = [{ color: 'green', startMs: 0, endMs: 1_000_000 }];
    const passes = [
      // 600 m in 60 s at 10 m/s: its design time; through both junctions on green.
      { vehicleId: 'a', fleet: 'trucks', direction: 'outbound' as const, points: [[0, 0], [60_000, 600]] as [number, number][] },
      // 400 m in 80 s with one stop.
      { vehicleId: 'b', fleet: 'ambulances', direction: 'outbound' as const, points: [[0, 0], [20_000, 200], [40_000, 200], [60_000, 200], [80_000, 400]] as [number, number][] },
    ];
    const trajectories = trajectoriesOf(passes, [{ distanceM: 100, phases }, { distanceM: 500, phases }], 10);
    expect(trajectories.map((t) => [t.arrivals, t.arrivalsOnGreen, t.stops])).toEqual([[2, 2, 0], [1, 1, 1]]);
    expect(trajectoryFigures(trajectories, 10)).toEqual({
      vehicles: 2,
      arrivals: 3,
      arrivalsOnGreenPct: 100,
      stopsPerVehicle: 0.5,
      // 60 + 80 s against (600 + 400 m) / 10 m/s.
      travelTimeS: 140,
      designTravelTimeS: 100,
      travelTimeRatio: 1.4,
    });
    expect(trajectoryFigures([], 10)).toMatchObject({ vehicles: 0, arrivalsOnGreenPct: null, stopsPerVehicle: null, travelTimeRatio: null });
  });
});
