import { lonDegreeScale } from './metres-per-degree';
import type { BasemapFeature } from './use-basemap';

export interface MapLabel {
  id: string;
  text: string;
  /** The Chinese name from the pack (the English one when the pack has none). */
  textZh: string;
  position: [number, number];
  kind: 'district' | 'lake' | 'river' | 'road' | 'site';
  /** Screen rotation in degrees (north-up map), kept within ±90 so text stays upright. */
  rotationDeg: number;
  /** Unit screen vector (x right, y down) from the line to where its name sits, so the name does not cover the line (and the trucks on it). */
  awayFromLine: [number, number];
  /** Which side of its point a site's name goes: towards the middle of the city, away from the screen edge. */
  side: 'left' | 'right';
}

// Where along a line its name goes. The river's name sits upstream, clear of the
// lake (whose own name sits in the lake); road names mid-road.
const ALONG: Record<'river' | 'road', number> = { river: 0.2, road: 0.5 };

// Where the names go. The map has no glyphs (offline), so names are HTML
// markers: one per feature, placed at a representative point.
export function basemapLabels(
  features: BasemapFeature[],
  cityCentre: [number, number],
  /** West, south, east, north of the area in view: area names stay inside it, clear of its edges. */
  view?: [number, number, number, number],
): MapLabel[] {
  const labels: MapLabel[] = [];
  // Area names are HTML above the map canvas; keeping them off the roads keeps them off the trucks.
  const roads = features.flatMap((f) => (f.properties.layer === 'road' && f.geometry.type === 'LineString' ? [f.geometry.coordinates] : []));
  for (const feature of features) {
    const { layer, name, nameZh } = feature.properties;
    // Hundreds of grid streets would bury the map in names; only the named main roads are labelled.
    // Hospitals are drawn as marked sites without their long names: five of them among the landmarks
    // crowded the wall's labels into each other; the call and the entity panel name them.
    if (layer === 'street' || layer === 'restricted' || name === '' || feature.properties.kind === 'hospital') continue;
    const { geometry } = feature;
    const base = { id: feature.id, text: name, textZh: nameZh || name, rotationDeg: 0, awayFromLine: [0, 0] as [number, number], side: 'right' as const };
    if (geometry.type === 'Polygon') {
      labels.push({ ...base, position: clearestPoint(geometry.coordinates[0] ?? [], roads, view), kind: layer === 'lake' ? 'lake' : 'district' });
    } else if (geometry.type === 'LineString') {
      const kind = layer === 'river' ? 'river' : 'road';
      const points = geometry.coordinates;
      const i = Math.min(points.length - 1, Math.max(1, Math.round((points.length - 1) * ALONG[kind])));
      const a = points[i - 1]!;
      const b = points[i]!;
      const rotationDeg = uprightAngle(a, b);
      const rad = (rotationDeg * Math.PI) / 180;
      labels.push({
        ...base,
        kind,
        position: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2],
        rotationDeg,
        // Above the line in the text's own frame.
        awayFromLine: [round(Math.sin(rad)), round(-Math.cos(rad))],
      });
    } else {
      labels.push({ ...base, kind: 'site', position: geometry.coordinates, side: geometry.coordinates[0] > cityCentre[0] ? 'left' : 'right' });
    }
  }
  return labels;
}

// The point inside the ring farthest from its edges and from the roads (coarse
// grid search): a thin, curved shape like the lake has its vertex average
// outside the water, and a district's centre is where its roads meet.
function clearestPoint(open: [number, number][], roads: [number, number][][], view?: [number, number, number, number]): [number, number] {
  if (open.length === 0) return [0, 0];
  const first = open[0]!;
  const last = open[open.length - 1]!;
  const ring = first[0] === last[0] && first[1] === last[1] ? open : [...open, first];
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  let [west, east, south, north] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  if (view) {
    west = Math.max(west, view[0]);
    south = Math.max(south, view[1]);
    east = Math.min(east, view[2]);
    north = Math.min(north, view[3]);
    if (west >= east || south >= north) return centre(ring);
  }
  const steps = 48;
  let best: [number, number] = centre(ring);
  let bestDistance = -Infinity;
  for (let i = 1; i < steps; i++) {
    for (let j = 1; j < steps; j++) {
      const p: [number, number] = [west + ((east - west) * i) / steps, south + ((north - south) * j) / steps];
      if (!inside(p, ring)) continue;
      let d = distanceToPath(p, ring);
      for (const road of roads) d = Math.min(d, distanceToPath(p, road));
      if (view) d = Math.min(d, p[0] - view[0], view[2] - p[0], p[1] - view[1], view[3] - p[1]);
      if (d > bestDistance) {
        bestDistance = d;
        best = p;
      }
    }
  }
  return best;
}

function centre(ring: [number, number][]): [number, number] {
  const sum = ring.reduce((acc, [lon, lat]) => [acc[0] + lon, acc[1] + lat], [0, 0]);
  return [sum[0] / ring.length, sum[1] / ring.length];
}

function inside([x, y]: [number, number], ring: [number, number][]): boolean {
  let result = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) result = !result;
  }
  return result;
}

function distanceToPath([x, y]: [number, number], path: [number, number][]): number {
  let min = Infinity;
  for (let i = 1; i < path.length; i++) {
    const [ax, ay] = path[i - 1]!;
    const [bx, by] = path[i]!;
    const dx = bx - ax;
    const dy = by - ay;
    const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    min = Math.min(min, Math.hypot(x - (ax + t * dx), y - (ay + t * dy)));
  }
  return min;
}

function uprightAngle(a: [number, number], b: [number, number]): number {
  // Screen x grows east, y grows south; shrink longitude by cos(latitude) as Mercator does locally.
  const dx = (b[0] - a[0]) * lonDegreeScale((a[1] + b[1]) / 2);
  const dy = -(b[1] - a[1]);
  let deg = (Math.atan2(dy, dx) * 180) / Math.PI;
  if (deg > 90) deg -= 180;
  if (deg < -90) deg += 180;
  return round(deg);
}

const round = (value: number): number => Math.round(value * 1000) / 1000 + 0; // + 0 turns -0 into 0
