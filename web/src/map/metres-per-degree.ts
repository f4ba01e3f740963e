// Degrees to metres on a locally flat earth: a degree of latitude is about
// 111.32 km everywhere, a degree of longitude shrinks with cos(latitude). Good
// to well under 1 % across a city, which is all the wall measures (fence
// radius, trail breaks, label angles); the web computes it here and nowhere else.

export const METRES_PER_DEGREE_LAT = 111_320;

/** A degree of longitude over a degree of latitude at `lat`: how much east-west shrinks there. */
export const lonDegreeScale = (lat: number): number => Math.cos((lat * Math.PI) / 180);

/** Straight-line metres between two nearby positions, at the first one's latitude. */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dx = (lon2 - lon1) * METRES_PER_DEGREE_LAT * lonDegreeScale(lat1);
  const dy = (lat2 - lat1) * METRES_PER_DEGREE_LAT;
  return Math.hypot(dx, dy);
}
