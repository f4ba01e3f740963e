import type { LonLat } from '@urban-brain/common';
import type { RoadFeature } from '../format/city-pack-layers.schema';
import { boxOf, GridIndex } from './grid-index';
import { type LocalProjection, nearestOnSegment, type XY } from './local-projection';
import { MinHeap } from './min-heap';

interface Segment {
  roadId: string;
  /** Node indices in drawing order; a one-way road is driven from `from` to `to` only. */
  from: number;
  to: number;
  oneway: boolean;
  lengthM: number;
}

interface Edge {
  to: number;
  lengthM: number;
  roadId: string;
}

/** Where a point meets the road network. */
export interface RoadSnap {
  roadId: string;
  /** Metres from the query point to the snapped point. */
  distanceM: number;
  /** The nearest point on the road. */
  point: [number, number];
}

export interface Route {
  /** From the snapped start, through the road vertices, to the snapped end. */
  coordinates: [number, number][];
  lengthM: number;
  /** The roads driven, in order, each listed once per stretch. */
  roadIds: string[];
  from: RoadSnap;
  to: RoadSnap;
}

const CELL_M = 200;

// The graph is built from shared vertices: two roads meet where they have a position in common
// (exactly the same coordinates), which is how OSM ways share nodes and how the generator nodes
// its grid. Roads that merely cross without a shared vertex do not connect (bridges, tunnels).
export class RoadGraph {
  private readonly nodeXY: XY[] = [];
  private readonly nodeLonLat: [number, number][] = [];
  private readonly adjacency: Edge[][] = [];
  private readonly segments: Segment[] = [];
  private readonly index = new GridIndex<Segment>(CELL_M);
  private readonly extent: { minX: number; minY: number; maxX: number; maxY: number };

  constructor(
    roads: readonly RoadFeature[],
    private readonly projection: LocalProjection,
  ) {
    const nodeIds = new Map<string, number>();
    const nodeOf = (p: readonly [number, number]): number => {
      const key = `${p[0]},${p[1]}`;
      let id = nodeIds.get(key);
      if (id === undefined) {
        id = this.nodeXY.length;
        nodeIds.set(key, id);
        this.nodeXY.push(projection.toXY(p));
        this.nodeLonLat.push([p[0], p[1]]);
        this.adjacency.push([]);
      }
      return id;
    };
    for (const road of roads) {
      const { oneway } = road.properties;
      const coords = road.geometry.coordinates;
      for (let i = 1; i < coords.length; i++) {
        const from = nodeOf(coords[i - 1]!);
        const to = nodeOf(coords[i]!);
        if (from === to) continue;
        const [a, b] = [this.nodeXY[from]!, this.nodeXY[to]!];
        const segment: Segment = { roadId: road.id, from, to, oneway, lengthM: Math.hypot(b[0] - a[0], b[1] - a[1]) };
        this.segments.push(segment);
        this.index.insert(segment, boxOf([a, b]));
        this.adjacency[from]!.push({ to, lengthM: segment.lengthM, roadId: road.id });
        if (!oneway) this.adjacency[to]!.push({ to: from, lengthM: segment.lengthM, roadId: road.id });
      }
    }
    this.extent = this.nodeXY.length > 0 ? boxOf(this.nodeXY) : { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  }

  get nodeCount(): number {
    return this.nodeXY.length;
  }

  /** The nearest road to p, or null when the pack has no roads. */
  nearestRoad(p: LonLat): RoadSnap | null {
    const hit = this.nearestSegment(p);
    return hit ? this.snapOf(hit) : null;
  }

  /** The shortest drive from a to b over the roads (one-way roads respected), or null when none exists. */
  route(a: LonLat, b: LonLat): Route | null {
    const start = this.nearestSegment(a);
    const end = this.nearestSegment(b);
    if (!start || !end) return null;
    const n = this.nodeXY.length;
    const [S, T] = [n, n + 1];
    const target = end.point;
    const out = (node: number): Edge[] => {
      if (node === T) return [];
      const edges: Edge[] = [];
      if (node === S) {
        const s = start.segment;
        edges.push({ to: s.to, lengthM: (1 - start.t) * s.lengthM, roadId: s.roadId });
        if (!s.oneway) edges.push({ to: s.from, lengthM: start.t * s.lengthM, roadId: s.roadId });
        if (s === end.segment && (end.t >= start.t || !s.oneway)) edges.push({ to: T, lengthM: Math.abs(end.t - start.t) * s.lengthM, roadId: s.roadId });
      } else {
        edges.push(...this.adjacency[node]!);
      }
      const e = end.segment;
      if (node === e.from) edges.push({ to: T, lengthM: end.t * e.lengthM, roadId: e.roadId });
      if (node === e.to && !e.oneway) edges.push({ to: T, lengthM: (1 - end.t) * e.lengthM, roadId: e.roadId });
      return edges;
    };
    const xyOf = (node: number): XY => (node === S ? start.point : node === T ? target : this.nodeXY[node]!);
    const heuristic = (node: number) => {
      const q = xyOf(node);
      return Math.hypot(q[0] - target[0], q[1] - target[1]);
    };

    // A* with a straight-line heuristic: admissible, because no road is shorter than the crow flies.
    const best = new Map<number, number>([[S, 0]]);
    const previous = new Map<number, { node: number; roadId: string }>();
    const heap = new MinHeap();
    heap.push(heuristic(S), S);
    const done = new Set<number>();
    while (heap.size > 0) {
      const node = heap.pop()!;
      if (done.has(node)) continue;
      done.add(node);
      if (node === T) break;
      const g = best.get(node)!;
      for (const edge of out(node)) {
        const candidate = g + edge.lengthM;
        if (candidate < (best.get(edge.to) ?? Infinity)) {
          best.set(edge.to, candidate);
          previous.set(edge.to, { node, roadId: edge.roadId });
          heap.push(candidate + heuristic(edge.to), edge.to);
        }
      }
    }
    if (!done.has(T)) return null;

    const nodes: number[] = [T];
    const roadIds: string[] = [];
    for (let node = T; node !== S; ) {
      const step = previous.get(node)!;
      if (roadIds[0] !== step.roadId) roadIds.unshift(step.roadId);
      nodes.unshift(step.node);
      node = step.node;
    }
    const coordinates: [number, number][] = [];
    for (const node of nodes) {
      const p = node === S ? this.projection.toLonLat(start.point) : node === T ? this.projection.toLonLat(target) : this.nodeLonLat[node]!;
      const last = coordinates[coordinates.length - 1];
      // A snap onto a vertex repeats it; a route is a clean polyline.
      if (!last || this.projection.distanceM(last, p) > 1e-6) coordinates.push(p);
    }
    if (coordinates.length === 1) coordinates.push(coordinates[0]!);
    return { coordinates, lengthM: best.get(T)!, roadIds, from: this.snapOf(start), to: this.snapOf(end) };
  }

  private nearestSegment(p: LonLat): { segment: Segment; t: number; point: XY; distanceM: number } | null {
    if (this.segments.length === 0) return null;
    const q = this.projection.toXY(p);
    const { minX, minY, maxX, maxY } = this.extent;
    const farthest = Math.max(Math.abs(q[0] - minX), Math.abs(q[0] - maxX), Math.abs(q[1] - minY), Math.abs(q[1] - maxY));
    const maxRing = Math.ceil(farthest / CELL_M) + 1;
    let best: { segment: Segment; t: number; point: XY; distanceSq: number } | null = null;
    for (let ring = 0; ring <= maxRing; ring++) {
      for (const segment of this.index.queryRing(q, ring)) {
        const near = nearestOnSegment(q, this.nodeXY[segment.from]!, this.nodeXY[segment.to]!);
        if (!best || near.distanceSq < best.distanceSq) best = { segment, ...near };
      }
      // Anything not yet seen lies at least `ring` whole cells away.
      if (best && Math.sqrt(best.distanceSq) <= ring * CELL_M) break;
    }
    return best ? { segment: best.segment, t: best.t, point: best.point, distanceM: Math.sqrt(best.distanceSq) } : null;
  }

  private snapOf(hit: { segment: Segment; point: XY; distanceM: number }): RoadSnap {
    return { roadId: hit.segment.roadId, distanceM: hit.distanceM, point: this.projection.toLonLat(hit.point) };
  }
}
