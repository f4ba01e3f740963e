import type { LocalProjection, XY } from '../geometry/local-projection';

export interface DraftRoad<P> {
  id: string;
  properties: P;
  coordinates: [number, number][];
}

// ~0.1 m: every coordinate in a generated pack is rounded to this, so shared vertices compare equal.
export const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

// Vertices this close (metres) to a crossing are reused for it instead of adding a new one.
const SNAP_M = 0.5;

interface Cut {
  segment: number;
  t: number;
  at: [number, number];
}

/**
 * Makes crossing roads meet: wherever two roads' segments cross or touch, both get a vertex with the
 * same coordinates, which is what makes a junction in the road graph. Pairs for which `mayMeet` is
 * false (a bridge over a street) are left crossing without a junction.
 */
export function nodeRoads<P>(roads: DraftRoad<P>[], projection: LocalProjection, mayMeet: (a: DraftRoad<P>, b: DraftRoad<P>) => boolean = () => true): DraftRoad<P>[] {
  const xy = roads.map((r) => r.coordinates.map((p) => projection.toXY(p)));
  const cuts: Cut[][] = roads.map(() => []);
  for (let a = 0; a < roads.length; a++) {
    for (let b = a + 1; b < roads.length; b++) {
      if (!mayMeet(roads[a]!, roads[b]!)) continue;
      const [pa, pb] = [xy[a]!, xy[b]!];
      for (let i = 1; i < pa.length; i++) {
        for (let j = 1; j < pb.length; j++) {
          const hit = crossing(pa[i - 1]!, pa[i]!, pb[j - 1]!, pb[j]!);
          if (!hit) continue;
          // Prefer an existing vertex of either road, so a designed junction keeps its exact position.
          const existing = vertexNear(roads[a]!, pa, i, hit.t) ?? vertexNear(roads[b]!, pb, j, hit.u);
          const at = existing ?? (projection.toLonLat(hit.point).map(round6) as [number, number]);
          cuts[a]!.push({ segment: i, t: hit.t, at });
          cuts[b]!.push({ segment: j, t: hit.u, at });
        }
      }
    }
  }
  return roads.map((road, r) => {
    const sorted = cuts[r]!.sort((x, y) => x.segment - y.segment || x.t - y.t);
    const out: [number, number][] = [road.coordinates[0]!];
    let k = 0;
    for (let i = 1; i < road.coordinates.length; i++) {
      for (; k < sorted.length && sorted[k]!.segment === i; k++) push(out, sorted[k]!.at, projection);
      push(out, road.coordinates[i]!, projection);
    }
    return { ...road, coordinates: out };
  });
}

// Adds p unless it is (nearly) the last vertex; a crossing at a vertex replaces that vertex's coordinates.
function push(out: [number, number][], p: [number, number], projection: LocalProjection): void {
  const last = out[out.length - 1]!;
  if (projection.distanceM(last, p) <= SNAP_M) out[out.length - 1] = p;
  else out.push(p);
}

function vertexNear(road: DraftRoad<unknown>, xy: XY[], segment: number, t: number): [number, number] | null {
  const [a, b] = [xy[segment - 1]!, xy[segment]!];
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
  if (t * length <= SNAP_M) return road.coordinates[segment - 1]!;
  if ((1 - t) * length <= SNAP_M) return road.coordinates[segment]!;
  return null;
}

function crossing(a: XY, b: XY, c: XY, d: XY): { t: number; u: number; point: XY } | null {
  const r: XY = [b[0] - a[0], b[1] - a[1]];
  const s: XY = [d[0] - c[0], d[1] - c[1]];
  const denom = r[0] * s[1] - r[1] * s[0];
  if (Math.abs(denom) < 1e-9) return null; // parallel or collinear: no single meeting point
  const t = ((c[0] - a[0]) * s[1] - (c[1] - a[1]) * s[0]) / denom;
  const u = ((c[0] - a[0]) * r[1] - (c[1] - a[1]) * r[0]) / denom;
  const eps = 1e-9;
  if (t < -eps || t > 1 + eps || u < -eps || u > 1 + eps) return null;
  return { t: Math.max(0, Math.min(1, t)), u: Math.max(0, Math.min(1, u)), point: [a[0] + t * r[0], a[1] + t * r[1]] };
}

/** The roads of the largest connected piece of the network (connected = sharing a vertex). */
export function largestComponent<P>(roads: DraftRoad<P>[]): DraftRoad<P>[] {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(k, root);
    return root;
  };
  const key = (p: [number, number]) => `${p[0]},${p[1]}`;
  for (const road of roads) {
    for (const p of road.coordinates) if (!parent.has(key(p))) parent.set(key(p), key(p));
    for (let i = 1; i < road.coordinates.length; i++) parent.set(find(key(road.coordinates[i]!)), find(key(road.coordinates[0]!)));
  }
  const size = new Map<string, number>();
  for (const road of roads) {
    const root = find(key(road.coordinates[0]!));
    size.set(root, (size.get(root) ?? 0) + road.coordinates.length);
  }
  const biggest = [...size.entries()].sort((x, y) => y[1] - x[1])[0]?.[0];
  return roads.filter((road) => find(key(road.coordinates[0]!)) === biggest);
}
