import type { CleanupZoneFeature } from '@urban-brain/city-pack';
import type { LakeNavigator, XY } from './lake-navigator';

// Lanes 30 m apart: the width a boat's skimmer and its wake disturb.
const LANE_SPACING_M = 30;
// Keep the turns inside the zone, clear of its edge.
const LANE_INSET_M = 10;

/**
 * A lawnmower sweep of a cleanup zone: parallel east-west lanes across it, driven alternately
 * west-east and east-west, as the list of lane-end waypoints in driving order.
 */
export function lawnmowerWaypoints(zone: CleanupZoneFeature, navigator: LakeNavigator): XY[] {
  const ring = zone.geometry.coordinates[0]!.map((p) => navigator.toXY(p));
  const ys = ring.map((p) => p[1]);
  const [minY, maxY] = [Math.min(...ys), Math.max(...ys)];
  const waypoints: XY[] = [];
  let eastward = true;
  for (let y = minY + LANE_SPACING_M / 2; y < maxY; y += LANE_SPACING_M) {
    const xs: number[] = [];
    for (let i = 1; i < ring.length; i++) {
      const [a, b] = [ring[i - 1]!, ring[i]!];
      if (a[1] > y !== b[1] > y) xs.push(a[0] + ((y - a[1]) * (b[0] - a[0])) / (b[1] - a[1]));
    }
    if (xs.length < 2) continue;
    const west: XY = [Math.min(...xs) + LANE_INSET_M, y];
    const east: XY = [Math.max(...xs) - LANE_INSET_M, y];
    if (east[0] - west[0] < LANE_INSET_M || !navigator.onWater(west) || !navigator.onWater(east)) continue;
    waypoints.push(...(eastward ? [west, east] : [east, west]));
    eastward = !eastward;
  }
  return waypoints;
}
