// Geometry of the replay scrubber: elapsed time along x, densities as bars. Pure, so specs need no DOM.
export const SCRUBBER_WIDTH = 1000;

export interface DensityBar {
  x: number;
  width: number;
  /** 0..1 of the tallest bucket. */
  height: number;
}

export const xOfTime = (ms: number, fromMs: number, toMs: number): number =>
  toMs > fromMs ? (Math.min(toMs, Math.max(fromMs, ms)) - fromMs) / (toMs - fromMs) * SCRUBBER_WIDTH : 0;

export const timeOfX = (x: number, fromMs: number, toMs: number): number =>
  Math.round(fromMs + Math.min(1, Math.max(0, x / SCRUBBER_WIDTH)) * (toMs - fromMs));

/** One bar per bucket, scaled to the tallest (a square root, so a quiet stretch still shows next to a busy one). */
export function densityBars(counts: readonly number[]): DensityBar[] {
  const top = Math.max(0, ...counts);
  if (counts.length === 0 || top === 0) return [];
  const width = SCRUBBER_WIDTH / counts.length;
  return counts.map((count, i) => ({ x: i * width, width, height: Math.sqrt(count / top) })).filter((bar) => bar.height > 0);
}
