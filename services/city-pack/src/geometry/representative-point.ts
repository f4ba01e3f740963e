import type { PackGeometry, Position } from '../format/city-pack-layers.schema';

/** The mean of a ring's corners (its closing point counted once): the middle of a small zone. */
export function ringCentre(ring: readonly (readonly number[])[]): Position {
  const corners = ring.length > 1 ? ring.slice(0, -1) : ring;
  const n = Math.max(1, corners.length);
  return [corners.reduce((sum, p) => sum + p[0]!, 0) / n, corners.reduce((sum, p) => sum + p[1]!, 0) / n];
}

/** Where a feature is, as one point: a point's own, a line's middle vertex, its outer ring's centre. */
export function representativePoint(geometry: PackGeometry): Position {
  if (geometry.type === 'Point') return geometry.coordinates;
  if (geometry.type === 'LineString') return geometry.coordinates[Math.floor(geometry.coordinates.length / 2)]!;
  return ringCentre(geometry.coordinates[0] ?? []);
}
