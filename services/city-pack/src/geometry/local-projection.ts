import { METRES_PER_DEGREE, metresPerDegreeLon, type LonLat } from '@urban-brain/common';

export type XY = [x: number, y: number];

// An equirectangular projection around the pack's centre: metres east and north of it. Across a
// city (tens of km) it is within a fraction of a percent of great-circle distance, and it makes
// snapping, nearest points and grid cells plain planar arithmetic.
export class LocalProjection {
  private readonly kx: number;

  constructor(readonly origin: LonLat) {
    this.kx = metresPerDegreeLon(origin[1]);
  }

  toXY(p: LonLat): XY {
    return [(p[0] - this.origin[0]) * this.kx, (p[1] - this.origin[1]) * METRES_PER_DEGREE];
  }

  toLonLat(xy: XY): [number, number] {
    return [this.origin[0] + xy[0] / this.kx, this.origin[1] + xy[1] / METRES_PER_DEGREE];
  }

  distanceM(a: LonLat, b: LonLat): number {
    return Math.hypot((b[0] - a[0]) * this.kx, (b[1] - a[1]) * METRES_PER_DEGREE);
  }
}

/** The point of segment ab nearest to p, with its parameter t in [0, 1] and squared distance. */
export function nearestOnSegment(p: XY, a: XY, b: XY): { t: number; point: XY; distanceSq: number } {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const lengthSq = dx * dx + dy * dy;
  const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / lengthSq));
  const point: XY = [a[0] + t * dx, a[1] + t * dy];
  return { t, point, distanceSq: (p[0] - point[0]) ** 2 + (p[1] - point[1]) ** 2 };
}

/** Compass heading of a -> b in degrees clockwise from north, in [0, 360). */
export function headingDeg(a: XY, b: XY): number {
  return ((Math.atan2(b[0] - a[0], b[1] - a[1]) * 180) / Math.PI + 360) % 360;
}
