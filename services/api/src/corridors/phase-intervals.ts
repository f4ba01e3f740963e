import { signalColorOf, type PhaseInterval } from '@urban-brain/proto';

/** A stored phase change of one intersection's through movement (signal_phase_changes), times in epoch ms. */
export interface PhaseChangeRow {
  intersectionId: string;
  phaseState: number;
  startMs: number;
  /** The controller's latest end; null when it did not say. */
  maxEndMs: number | null;
}

/**
 * One intersection's phase changes as intervals clipped to [fromMs, toMs): a phase ends when the next
 * one starts, but never after its announced latest end: when the next report comes later than that (the
 * controller or the feed was down), the time between is unknown and left blank, not drawn as a phase
 * that ran on. The last phase ends at its announced end, else at toMs (still in force). Rows in any
 * order; the same start twice (a controller re-announcing the phase it is in) is one interval.
 */
export function phaseIntervals(changes: readonly PhaseChangeRow[], fromMs: number, toMs: number): PhaseInterval[] {
  const sorted = [...changes].sort((a, b) => a.startMs - b.startMs);
  const intervals: PhaseInterval[] = [];
  sorted.forEach((change, i) => {
    const next = sorted.slice(i + 1).find((c) => c.startMs > change.startMs);
    if (sorted[i - 1]?.startMs === change.startMs) return;
    const endMs = Math.min(next ? next.startMs : toMs, change.maxEndMs ?? Infinity);
    const start = Math.max(change.startMs, fromMs);
    const end = Math.min(endMs, toMs);
    if (end <= start) return;
    const color = signalColorOf(change.phaseState);
    const last = intervals.at(-1);
    // Two changes of the same colour back to back (protected then permissive green) draw as one bar.
    if (last && last.color === color && last.endMs === start) last.endMs = end;
    else intervals.push({ color, startMs: start, endMs: end });
  });
  return intervals;
}

/** The colour in force at t, or null where the window holds no phase of the intersection. */
export function colorAt(intervals: readonly PhaseInterval[], tMs: number): PhaseInterval['color'] | null {
  for (const interval of intervals) if (interval.startMs <= tMs && tMs < interval.endMs) return interval.color;
  return null;
}
