import type { LonLat } from '@urban-brain/common';
import type { PackFeature, PolygonGeometry } from '../format/city-pack-layers.schema';
import { boxOf, GridIndex } from './grid-index';
import { type LocalProjection, nearestOnSegment, type XY } from './local-projection';
import { polygonContains } from './point-in-polygon';

interface Entry<F> {
  feature: F;
  rings: XY[][];
}

/** Polygons (fences, districts, the lake, cleanup zones) behind a grid, for "which one is p in" and "which are near p". */
export class PolygonIndex<F extends PackFeature<PolygonGeometry, unknown>> {
  private readonly index: GridIndex<Entry<F>>;

  constructor(
    features: readonly F[],
    private readonly projection: LocalProjection,
    cellM: number,
  ) {
    this.index = new GridIndex(cellM);
    for (const feature of features) {
      const rings = feature.geometry.coordinates.map((ring) => ring.map((p) => projection.toXY(p)));
      this.index.insert({ feature, rings }, boxOf(rings[0] ?? []));
    }
  }

  /** The first polygon containing p (its boundary counts as inside), or null. */
  containing(p: LonLat): F | null {
    const [x, y] = this.projection.toXY(p);
    for (const entry of this.index.query({ minX: x, minY: y, maxX: x, maxY: y })) {
      if (polygonContains(p, entry.feature.geometry.coordinates)) return entry.feature;
    }
    return null;
  }

  /** Polygons within radiusM of p (0 when p is inside), nearest first. */
  near(p: LonLat, radiusM: number): { feature: F; distanceM: number }[] {
    const q = this.projection.toXY(p);
    const hits: { feature: F; distanceM: number }[] = [];
    for (const entry of this.index.query({ minX: q[0] - radiusM, minY: q[1] - radiusM, maxX: q[0] + radiusM, maxY: q[1] + radiusM })) {
      const distanceM = polygonContains(p, entry.feature.geometry.coordinates) ? 0 : distanceToRings(q, entry.rings);
      if (distanceM <= radiusM) hits.push({ feature: entry.feature, distanceM });
    }
    return hits.sort((a, b) => a.distanceM - b.distanceM);
  }
}

function distanceToRings(q: XY, rings: XY[][]): number {
  let min = Infinity;
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i++) min = Math.min(min, nearestOnSegment(q, ring[i - 1]!, ring[i]!).distanceSq);
  }
  return Math.sqrt(min);
}
