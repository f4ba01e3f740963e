import type { PhaseInterval, TimeSpaceFigures, Trajectory } from '@urban-brain/proto';
import { colorAt } from './phase-intervals';

/** One stored GPS fix of a road vehicle. */
export interface VehicleFix {
  vehicleId: string;
  fleet: string;
  tMs: number;
  lon: number;
  lat: number;
}

/** Where a fix lies against the corridor's line: metres along it, and metres off it. */
export interface CorridorPlace {
  distanceM: number;
  offsetM: number;
}

export interface PassRules {
  /** Farther off the line than this, the vehicle is on another street (half a six-lane road plus GPS error). */
  maxOffsetM: number;
  /** A longer silence ends the pass: nothing says where the vehicle was meanwhile. */
  maxGapMs: number;
  /** Shorter passes are vehicles crossing the corridor at a junction, not driving it. */
  minCoveredM: number;
  /** Going back this far ends the pass: a sweeper turning on its beat starts another one. */
  reversalM: number;
}

export const PASS_RULES: PassRules = { maxOffsetM: 25, maxGapMs: 15_000, minCoveredM: 150, reversalM: 20 };

// Below 5 km/h a vehicle has stopped; it moves again above 10 km/h. The gap keeps GPS jitter in a queue
// from counting as many stops.
export const STOP_BELOW_MPS = 5 / 3.6;
export const MOVING_ABOVE_MPS = 10 / 3.6;
// Arrivals are judged as an advance detector does (the Purdue coordination diagram): where the vehicle
// passes a point this far upstream of the stop line, plus the time to the line at the design speed. A
// vehicle stopped at red is then counted on red, although it crosses the line on the next green.
export const DETECTOR_UPSTREAM_M = 40;

/** A vehicle's run along the corridor: [epoch ms, metres along], in time order, one direction. */
export interface CorridorPass {
  vehicleId: string;
  fleet: string;
  direction: 'outbound' | 'inbound';
  points: [number, number][];
}

/** The corridor's intersections as the figures need them. */
export interface PassIntersection {
  distanceM: number;
  phases: readonly PhaseInterval[];
}

/**
 * The vehicles' fixes projected onto the corridor and cut into passes: a pass is a vehicle's run of fixes
 * on the line (within maxOffsetM), without a silence over maxGapMs, in one direction, that covers at
 * least minCoveredM. Fixes in any order.
 */
export function corridorPasses(fixes: readonly VehicleFix[], place: (lon: number, lat: number) => CorridorPlace, rules: PassRules = PASS_RULES): CorridorPass[] {
  const byVehicle = new Map<string, VehicleFix[]>();
  for (const fix of fixes) {
    const list = byVehicle.get(fix.vehicleId);
    if (list) list.push(fix);
    else byVehicle.set(fix.vehicleId, [fix]);
  }
  const passes: CorridorPass[] = [];
  for (const [vehicleId, list] of [...byVehicle].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    list.sort((a, b) => a.tMs - b.tMs);
    const fleet = list[0]!.fleet;
    let run: [number, number][] = [];
    let sign = 0;
    // The farthest the run got in its direction, to see it turn.
    let extreme = 0;
    const close = () => {
      const pass = passOf(vehicleId, fleet, run, rules);
      if (pass) passes.push(pass);
      run = [];
      sign = 0;
    };
    for (const fix of list) {
      const at = place(fix.lon, fix.lat);
      const last = run.at(-1);
      if (at.offsetM > rules.maxOffsetM) {
        close();
        continue;
      }
      if (last && fix.tMs - last[0] > rules.maxGapMs) close();
      const point: [number, number] = [fix.tMs, at.distanceM];
      if (run.length > 0) {
        const first = run[0]![1];
        if (sign === 0 && Math.abs(at.distanceM - first) > rules.reversalM) {
          sign = Math.sign(at.distanceM - first);
          extreme = sign > 0 ? Math.max(...run.map((p) => p[1])) : Math.min(...run.map((p) => p[1]));
        }
        if (sign !== 0 && (extreme - at.distanceM) * sign > rules.reversalM) {
          // It turned: the new pass starts where the old one ended.
          const turn = run.at(-1)!;
          close();
          run = [turn];
        }
      }
      run.push(point);
      if (sign !== 0) extreme = sign > 0 ? Math.max(extreme, at.distanceM) : Math.min(extreme, at.distanceM);
    }
    close();
  }
  return passes;
}

function passOf(vehicleId: string, fleet: string, run: [number, number][], rules: PassRules): CorridorPass | null {
  if (run.length < 2) return null;
  const distances = run.map((p) => p[1]);
  if (Math.max(...distances) - Math.min(...distances) < rules.minCoveredM) return null;
  return { vehicleId, fleet, direction: run.at(-1)![1] >= run[0]![1] ? 'outbound' : 'inbound', points: run };
}

/** Times the pass stopped: its speed along the line fell below STOP_BELOW_MPS after being over MOVING_ABOVE_MPS. */
export function stopsOf(points: readonly [number, number][]): number {
  let moving: boolean | null = null;
  let stops = 0;
  for (let i = 1; i < points.length; i++) {
    const [t0, d0] = points[i - 1]!;
    const [t1, d1] = points[i]!;
    if (t1 <= t0) continue;
    const speed = Math.abs(d1 - d0) / ((t1 - t0) / 1000);
    if (speed > MOVING_ABOVE_MPS) moving = true;
    else if (speed < STOP_BELOW_MPS) {
      if (moving === true) stops++;
      moving = false;
    }
  }
  return stops;
}

/** When the pass first reached distance x (interpolated between fixes), or null if it never did. */
export function timeAt(points: readonly [number, number][], x: number): number | null {
  for (let i = 1; i < points.length; i++) {
    const [t0, d0] = points[i - 1]!;
    const [t1, d1] = points[i]!;
    if ((d0 - x) * (d1 - x) > 0) continue;
    if (d1 === d0) return t0;
    return t0 + ((x - d0) / (d1 - d0)) * (t1 - t0);
  }
  return null;
}

/** The pass's arrivals at the intersections it drove through whose signal state is known then, and how many met green. */
export function arrivalsOf(pass: CorridorPass, intersections: readonly PassIntersection[], designSpeedMps: number): { arrivals: number; onGreen: number } {
  const upstream = pass.direction === 'outbound' ? -DETECTOR_UPSTREAM_M : DETECTOR_UPSTREAM_M;
  let arrivals = 0;
  let onGreen = 0;
  for (const { distanceM, phases } of intersections) {
    const detectedMs = timeAt(pass.points, distanceM + upstream);
    // Through the junction, not turning off before it.
    if (detectedMs === null || timeAt(pass.points, distanceM) === null) continue;
    const color = colorAt(phases, detectedMs + (DETECTOR_UPSTREAM_M / designSpeedMps) * 1000);
    if (color === null) continue;
    arrivals++;
    if (color === 'green') onGreen++;
  }
  return { arrivals, onGreen };
}

/** Each pass with its arrivals and stops, as the diagram draws and the side panel counts them. */
export function trajectoriesOf(passes: readonly CorridorPass[], intersections: readonly PassIntersection[], designSpeedMps: number): Trajectory[] {
  return passes.map((pass) => {
    const { arrivals, onGreen } = arrivalsOf(pass, intersections, designSpeedMps);
    return { ...pass, arrivals, arrivalsOnGreen: onGreen, stops: stopsOf(pass.points) };
  });
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The side panel's figures from the trajectories: arrivals on green over all their arrivals, stops per
 * trajectory, and the time they took against the same distances at the design speed.
 */
export function trajectoryFigures(trajectories: readonly Trajectory[], designSpeedMps: number): Omit<TimeSpaceFigures, 'bandwidthS' | 'designBandwidthS'> {
  let arrivals = 0;
  let onGreen = 0;
  let stops = 0;
  let travelMs = 0;
  let coveredM = 0;
  for (const t of trajectories) {
    arrivals += t.arrivals;
    onGreen += t.arrivalsOnGreen;
    stops += t.stops;
    travelMs += t.points.at(-1)![0] - t.points[0]![0];
    coveredM += Math.abs(t.points.at(-1)![1] - t.points[0]![1]);
  }
  const travelTimeS = travelMs / 1000;
  const designTravelTimeS = coveredM / designSpeedMps;
  return {
    vehicles: trajectories.length,
    arrivals,
    arrivalsOnGreenPct: arrivals > 0 ? round((100 * onGreen) / arrivals, 1) : null,
    stopsPerVehicle: trajectories.length > 0 ? round(stops / trajectories.length, 2) : null,
    travelTimeS: round(travelTimeS, 1),
    designTravelTimeS: round(designTravelTimeS, 1),
    travelTimeRatio: designTravelTimeS > 0 ? round(travelTimeS / designTravelTimeS, 2) : null,
  };
}
