export type LonLat = readonly [lon: number, lat: number];

/** The mean Earth radius (IUGG), the one every distance in the product uses. */
export const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Metres in a degree of latitude (anywhere), and in a degree of longitude at `latDeg`: the one copy of this maths. */
export const METRES_PER_DEGREE = (EARTH_RADIUS_M * Math.PI) / 180;
export const metresPerDegreeLon = (latDeg: number): number => METRES_PER_DEGREE * Math.cos(rad(latDeg));

/** Great-circle distance in metres. */
export function distanceM(a: LonLat, b: LonLat): number {
  const dLat = rad(b[1] - a[1]);
  const dLon = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial bearing from a to b, degrees clockwise from north in [0, 360). */
export function bearingDeg(a: LonLat, b: LonLat): number {
  const y = Math.sin(rad(b[0] - a[0])) * Math.cos(rad(b[1]));
  const x = Math.cos(rad(a[1])) * Math.sin(rad(b[1])) - Math.sin(rad(a[1])) * Math.cos(rad(b[1])) * Math.cos(rad(b[0] - a[0]));
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

/** A polyline with cumulative lengths, for walking along it by distance. */
export class Polyline {
  readonly lengthM: number;
  private readonly cumulative: number[];

  constructor(readonly points: readonly LonLat[]) {
    if (points.length < 2) throw new Error('a polyline needs at least two points');
    this.cumulative = [0];
    for (let i = 1; i < points.length; i++) {
      this.cumulative.push(this.cumulative[i - 1]! + distanceM(points[i - 1]!, points[i]!));
    }
    this.lengthM = this.cumulative[this.cumulative.length - 1]!;
  }

  /** Position and heading at `distance` metres from the start (clamped to the line). */
  at(distance: number): { position: LonLat; headingDeg: number } {
    const d = Math.max(0, Math.min(this.lengthM, distance));
    let i = 1;
    while (i < this.cumulative.length - 1 && this.cumulative[i]! < d) i++;
    const a = this.points[i - 1]!;
    const b = this.points[i]!;
    const segment = this.cumulative[i]! - this.cumulative[i - 1]!;
    const t = segment === 0 ? 0 : (d - this.cumulative[i - 1]!) / segment;
    return { position: [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t], headingDeg: bearingDeg(a, b) };
  }
}
