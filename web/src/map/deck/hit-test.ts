/** Screen position of a lon/lat (the map's project), in CSS pixels of the map canvas. */
export type Projector = (lon: number, lat: number) => [number, number];

/**
 * The entity drawn nearest to a click, within `radiusPx`: index into the
 * interleaved [lon, lat, ...] positions, or -1. Picking on the CPU, not by
 * deck's GPU picking pass: a click on a point layer needs no extra render
 * (which in software WebGL can take longer than a tap is allowed to last),
 * and only points inside the click's lon/lat box are projected.
 * `box` is [west, south, east, north] around the click.
 */
export function nearestWithin(
  positions: Float64Array,
  length: number,
  box: readonly [number, number, number, number],
  project: Projector,
  x: number,
  y: number,
  radiusPx: number,
): number {
  const [west, south, east, north] = box;
  let best = -1;
  let bestPx = radiusPx;
  // Later points are drawn on top: on a tie the later one wins.
  for (let i = 0; i < length; i++) {
    const lon = positions[i * 2]!;
    const lat = positions[i * 2 + 1]!;
    if (lon < west || lon > east || lat < south || lat > north) continue;
    const [px, py] = project(lon, lat);
    const d = Math.hypot(px - x, py - y);
    if (d <= bestPx) {
      bestPx = d;
      best = i;
    }
  }
  return best;
}
