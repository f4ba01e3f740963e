import type { SeriesPoint } from './entity-series';

export interface SparklineGeometry {
  /** SVG path of the line, empty with fewer than one point. */
  line: string;
  /** The same line closed down to the baseline, for a faint fill. */
  area: string;
  /** The last point in view coordinates (where the live dot goes), or null. */
  last: { x: number; y: number } | null;
  min: number;
  max: number;
}

/**
 * Scales points onto a width x height box: time from `fromMs` to `toMs` left to
 * right, values bottom to top over `range` (or the data's own min..max, padded so
 * a flat line sits mid-height rather than on the edge).
 */
export function sparklineGeometry(points: readonly SeriesPoint[], width: number, height: number, fromMs: number, toMs: number, range: [number, number] | null = null, pad = 2): SparklineGeometry {
  if (points.length === 0) return { line: '', area: '', last: null, min: 0, max: 0 };
  let min = range?.[0] ?? Infinity;
  let max = range?.[1] ?? -Infinity;
  if (!range) {
    for (const { v } of points) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (max - min < 1e-9) {
      min -= 1;
      max += 1;
    }
  }
  const span = Math.max(1, toMs - fromMs);
  const x = (t: number) => pad + ((Math.min(Math.max(t, fromMs), toMs) - fromMs) / span) * (width - 2 * pad);
  const y = (v: number) => pad + (1 - (Math.min(Math.max(v, min), max) - min) / (max - min)) * (height - 2 * pad);
  const round = (n: number) => Math.round(n * 10) / 10;
  const coords = points.map((p) => [round(x(p.t)), round(y(p.v))] as const);
  // A single point draws as a short flat stroke so it is visible at all.
  if (coords.length === 1) coords.unshift([round(coords[0]![0] - 4), coords[0]![1]] as const);
  const line = coords.map(([cx, cy], i) => `${i === 0 ? 'M' : 'L'}${cx} ${cy}`).join(' ');
  const baseline = round(height - pad);
  const area = `${line} L${coords.at(-1)![0]} ${baseline} L${coords[0]![0]} ${baseline} Z`;
  const [lx, ly] = coords.at(-1)!;
  return { line, area, last: { x: lx, y: ly }, min, max };
}
