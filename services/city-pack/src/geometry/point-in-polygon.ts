import type { LonLat } from '@urban-brain/common';

export type RingRelation = 'inside' | 'outside' | 'boundary';

// About 1 mm at this latitude: a point this close to an edge is on it.
const ON_EDGE_DEG = 1e-8;

/** Where p lies relative to a closed ring (even-odd rule; a point on an edge or vertex is on the boundary). */
export function ringRelation(p: LonLat, ring: readonly LonLat[]): RingRelation {
  const [x, y] = p;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (onSegment(x, y, xi, yi, xj, yj)) return 'boundary';
    // Half-open in y, so a ray through a vertex counts the two edges meeting there once, not twice.
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 'inside' : 'outside';
}

/** True when p is inside the polygon (outer ring, minus holes) or on its boundary. */
export function polygonContains(p: LonLat, rings: readonly (readonly LonLat[])[]): boolean {
  const outer = rings[0];
  if (!outer) return false;
  const relation = ringRelation(p, outer);
  if (relation === 'outside') return false;
  if (relation === 'boundary') return true;
  for (let h = 1; h < rings.length; h++) {
    if (ringRelation(p, rings[h]!) === 'inside') return false;
  }
  return true;
}

function onSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): boolean {
  if (x < Math.min(ax, bx) - ON_EDGE_DEG || x > Math.max(ax, bx) + ON_EDGE_DEG) return false;
  if (y < Math.min(ay, by) - ON_EDGE_DEG || y > Math.max(ay, by) + ON_EDGE_DEG) return false;
  const dx = bx - ax;
  const dy = by - ay;
  const length = Math.hypot(dx, dy);
  if (length === 0) return Math.hypot(x - ax, y - ay) <= ON_EDGE_DEG;
  return Math.abs((x - ax) * dy - (y - ay) * dx) / length <= ON_EDGE_DEG;
}
