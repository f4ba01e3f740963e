import type { GreenBand, PhaseInterval } from '@urban-brain/proto';

/** An intersection as the band sees it: where it is and its phases in the window. */
export interface BandIntersection {
  distanceM: number;
  phases: readonly PhaseInterval[];
}

export interface CorridorPlan {
  lengthM: number;
  cycleS: number;
  designSpeedMps: number;
}

type Span = [number, number];

/** The design offset of an intersection: green starts distance / speed after the cycle reference, mod cycle (seconds). */
export function designOffsetS(distanceM: number, plan: CorridorPlan): number {
  return (distanceM / plan.designSpeedMps) % plan.cycleS;
}

/**
 * The green the plan gives every intersection, seconds: the shortest of the intersections' median
 * complete greens in the window (a green cut by the window's edge says nothing of its length). With
 * offsets as designed, a band that wide runs the corridor's length. Null without a complete green.
 */
export function designGreenS(intersections: readonly BandIntersection[], fromMs: number, toMs: number): number | null {
  const medians = intersections.flatMap(({ phases }) => {
    const greens = phases
      .filter((p) => p.color === 'green' && p.startMs > fromMs && p.endMs < toMs)
      .map((p) => (p.endMs - p.startMs) / 1000)
      .sort((a, b) => a - b);
    return greens.length === 0 ? [] : [greens[Math.floor((greens.length - 1) / 2)]!];
  });
  return medians.length === 0 ? null : Math.min(...medians);
}

/**
 * The designed green bands that touch [fromMs, toMs): the pack's plans count offsets from the epoch (a
 * platoon entering at a whole number of cycles since 1970-01-01T00:00Z meets the first green at each
 * intersection, as the simulator's controllers run them), so band k enters at k × cycle and leaves
 * length / speed later, greenS wide.
 */
export function designBands(plan: CorridorPlan, greenS: number, fromMs: number, toMs: number): GreenBand[] {
  const cycleMs = plan.cycleS * 1000;
  const crossingMs = (plan.lengthM / plan.designSpeedMps) * 1000;
  const bands: GreenBand[] = [];
  // The first band whose far end (exit + green) is still inside the window's start.
  for (let enterMs = Math.floor((fromMs - crossingMs - greenS * 1000) / cycleMs) * cycleMs; enterMs < toMs; enterMs += cycleMs) {
    if (enterMs + crossingMs + greenS * 1000 <= fromMs) continue;
    bands.push({ enterMs, exitMs: enterMs + crossingMs, widthS: greenS });
  }
  return bands;
}

/** Green spans of one intersection moved onto the entry axis: when to enter (distance 0) at the design speed to pass it on green. */
function entrySpans(intersection: BandIntersection, speedMps: number): Span[] {
  const shiftMs = (intersection.distanceM / speedMps) * 1000;
  return intersection.phases.filter((p) => p.color === 'green').map((p): Span => [p.startMs - shiftMs, p.endMs - shiftMs]);
}

function intersect(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const [a0, a1] of a) {
    for (const [b0, b1] of b) {
      const lo = Math.max(a0, b0);
      const hi = Math.min(a1, b1);
      if (hi > lo) out.push([lo, hi]);
    }
  }
  return out.sort((x, y) => x[0] - y[0]);
}

/** Spans merged where they touch or overlap, in order. */
function merged(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const [lo, hi] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = out.at(-1);
    if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/**
 * The bandwidth as the signals ran, seconds per cycle: per cycle of entry times (whole cycles since the
 * epoch at distance 0), how long a vehicle entering then at the design speed passes every intersection on
 * green; the mean over the cycles whose every crossing the phases cover (inside the window, and where
 * each controller reported: a signal that had not come up, or a feed that was down, is not lost band).
 * A cycle with no band counts as 0. Null when no whole cycle can be judged or there is no intersection.
 */
export function measuredBandwidthS(intersections: readonly BandIntersection[], plan: CorridorPlan, fromMs: number, toMs: number): number | null {
  if (intersections.length === 0) return null;
  const cycleMs = plan.cycleS * 1000;
  const shiftMs = (d: number) => (d / plan.designSpeedMps) * 1000;
  // Where each intersection's state is known, on the entry axis.
  const known = intersections.map(({ distanceM, phases }) =>
    merged(phases.map((p): Span => [Math.max(p.startMs, fromMs) - shiftMs(distanceM), Math.min(p.endMs, toMs) - shiftMs(distanceM)]).filter(([lo, hi]) => hi > lo)),
  );
  if (known.some((spans) => spans.length === 0)) return null;
  const first = Math.max(...known.map((spans) => spans[0]![0]));
  const last = Math.min(...known.map((spans) => spans.at(-1)![1]));
  let cycles = 0;
  let bandMs = 0;
  for (let k = Math.ceil(first / cycleMs); (k + 1) * cycleMs <= last; k++) {
    const cycle: Span = [k * cycleMs, (k + 1) * cycleMs];
    if (!known.every((spans) => spans.some(([lo, hi]) => lo <= cycle[0] && cycle[1] <= hi))) continue;
    let band: Span[] = [cycle];
    for (const intersection of intersections) band = intersect(band, entrySpans(intersection, plan.designSpeedMps));
    cycles++;
    bandMs += band.reduce((sum, [lo, hi]) => sum + (hi - lo), 0);
  }
  return cycles === 0 ? null : bandMs / cycles / 1000;
}
