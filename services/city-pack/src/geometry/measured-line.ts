import type { LonLat } from '@urban-brain/common';
import { headingDeg, type LocalProjection, nearestOnSegment, type XY } from './local-projection';

/** A polyline measured in metres, for "how far along" and "where at this distance" questions (corridors). */
export class MeasuredLine {
  readonly lengthM: number;
  private readonly xy: XY[];
  private readonly cumulative: number[];

  constructor(
    readonly points: readonly LonLat[],
    private readonly projection: LocalProjection,
  ) {
    if (points.length < 2) throw new Error('a measured line needs at least two points');
    this.xy = points.map((p) => projection.toXY(p));
    this.cumulative = [0];
    for (let i = 1; i < this.xy.length; i++) {
      const [a, b] = [this.xy[i - 1]!, this.xy[i]!];
      this.cumulative.push(this.cumulative[i - 1]! + Math.hypot(b[0] - a[0], b[1] - a[1]));
    }
    this.lengthM = this.cumulative[this.cumulative.length - 1]!;
  }

  /** Position and heading `distanceM` metres from the start, clamped to the line. */
  positionAt(distanceM: number): { position: [number, number]; headingDeg: number } {
    const d = Math.max(0, Math.min(this.lengthM, distanceM));
    // Binary search: corridors are walked at 1 Hz by many simulated vehicles.
    let lo = 1;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < d) lo = mid + 1;
      else hi = mid;
    }
    const a = this.xy[lo - 1]!;
    const b = this.xy[lo]!;
    const segment = this.cumulative[lo]! - this.cumulative[lo - 1]!;
    const t = segment === 0 ? 0 : (d - this.cumulative[lo - 1]!) / segment;
    return { position: this.projection.toLonLat([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]), headingDeg: headingDeg(a, b) };
  }

  /** Where p projects onto the line: the distance along it, how far p is off it, and the projected point. */
  locate(p: LonLat): { distanceM: number; offsetM: number; point: [number, number] } {
    const q = this.projection.toXY(p);
    let best = { distanceM: 0, distanceSq: Infinity, point: this.xy[0]! };
    for (let i = 1; i < this.xy.length; i++) {
      const near = nearestOnSegment(q, this.xy[i - 1]!, this.xy[i]!);
      if (near.distanceSq < best.distanceSq) {
        best = { distanceM: this.cumulative[i - 1]! + near.t * (this.cumulative[i]! - this.cumulative[i - 1]!), distanceSq: near.distanceSq, point: near.point };
      }
    }
    return { distanceM: best.distanceM, offsetM: Math.sqrt(best.distanceSq), point: this.projection.toLonLat(best.point) };
  }
}
