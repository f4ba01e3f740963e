import { MeasuredLine, type CityPack } from '@urban-brain/city-pack';
import type { LonLat } from '@urban-brain/common';
import type { SeededRandom } from './seeded-random';

/** One drive between two points on the road graph, measured for "where am I after d metres". */
export interface Leg {
  line: MeasuredLine;
  lengthM: number;
  /** Where the leg ends (the target snapped onto its road). */
  end: [number, number];
}

// Roads the sweepers and sprinklers work: trunk roads are 100% machine-swept (DOMAIN.md).
const MAIN_ROAD_CLASSES = new Set(['motorway', 'trunk', 'primary', 'secondary']);
// A shift loop stays within this distance of where it starts, so a truck works one area.
const SWEEP_RADIUS_M = 3_000;
const SPRINKLE_RADIUS_M = 2_500;
// Legs between fixed places (stops, sites, loop waypoints) repeat all day: cache them, within bounds.
const MAX_CACHED_LEGS = 20_000;

/**
 * Where the sanitation fleet drives in a city pack: the sites, the collection points in
 * round order, main-road shift loops, key areas, and A* legs between any two of them.
 * Checks at construction that the pack has what the trucks need and that it is all reachable.
 */
export class TruckRoutePlanner {
  readonly transferStation: [number, number];
  readonly plant: [number, number];
  readonly depots: [number, number][];
  /** Collection points snapped to their roads, in a nearest-neighbour tour of the city. */
  readonly collectionPoints: [number, number][];
  /** Key areas for the 2-hourly sprinkler pass (the pack's landmarks), snapped to roads. */
  readonly keyAreas: [number, number][];
  private readonly mainRoadVertices: [number, number][];
  private readonly legs = new Map<string, Leg | null>();

  constructor(readonly pack: CityPack) {
    const problems: string[] = [];
    const site = (kind: string) => pack.layers.sites.find((s) => s.properties.kind === kind);
    const station = site('transfer-station');
    const plant = site('waste-to-energy-plant');
    const depots = pack.layers.sites.filter((s) => s.properties.kind === 'depot' && (s.properties.fleet === undefined || s.properties.fleet === 'trucks'));
    if (!station) problems.push('no transfer-station site');
    if (!plant) problems.push('no waste-to-energy-plant site');
    if (depots.length === 0) problems.push('no depot for trucks');
    if (pack.layers['collection-points'].length === 0) problems.push('no collection points');
    this.mainRoadVertices = dedupe(pack.layers.roads.filter((r) => MAIN_ROAD_CLASSES.has(r.properties.class)).flatMap((r) => r.geometry.coordinates as [number, number][]));
    if (this.mainRoadVertices.length === 0) problems.push('no main roads (motorway, trunk, primary or secondary)');
    if (problems.length > 0) throw new Error(`city pack ${pack.id} cannot carry the truck fleet: ${problems.join('; ')}`);

    this.transferStation = this.snap(station!.geometry.coordinates);
    this.plant = this.snap(plant!.geometry.coordinates);
    this.depots = depots.map((d) => this.snap(d.geometry.coordinates));
    this.collectionPoints = this.tour(pack.layers['collection-points'].map((p) => this.snap(p.geometry.coordinates)));
    const landmarks = pack.layers.landmarks.map((l) => this.snap(l.geometry.coordinates));
    this.keyAreas = landmarks.length > 0 ? landmarks : [this.mainRoadVertices[0]!];

    // The haul must work: station and plant reachable from each other and from every depot.
    for (const [from, to] of [
      [this.transferStation, this.plant],
      [this.plant, this.transferStation],
      ...this.depots.map((d) => [d, this.transferStation] as const),
    ] as const) {
      if (!this.leg(from, to)) throw new Error(`city pack ${pack.id}: no road route from ${from.join(',')} to ${to.join(',')}`);
    }
  }

  /** The point of the nearest road. */
  snap(p: LonLat): [number, number] {
    return this.pack.nearestRoad(p)!.point;
  }

  distanceM(a: LonLat, b: LonLat): number {
    return this.pack.projection.distanceM(a, b);
  }

  /** The drive from a to b, or null when the roads do not connect them. */
  leg(from: LonLat, to: LonLat): Leg | null {
    const key = `${from[0]},${from[1]}>${to[0]},${to[1]}`;
    if (this.legs.has(key)) return this.legs.get(key)!;
    const route = this.pack.route(from, to);
    const leg = route && route.coordinates.length >= 2 ? { line: new MeasuredLine(route.coordinates, this.pack.projection), lengthM: route.lengthM, end: route.coordinates.at(-1)! } : null;
    if (this.legs.size >= MAX_CACHED_LEGS) this.legs.clear();
    this.legs.set(key, leg);
    return leg;
  }

  /** A sweeper's shift loop: three main-road points near a randomly chosen one. */
  sweepLoop(random: SeededRandom): [number, number][] {
    const start = this.mainRoadVertices[Math.floor(random.next() * this.mainRoadVertices.length)]!;
    return [start, ...this.nearbyMainRoadPoints(start, SWEEP_RADIUS_M, 2, random)];
  }

  /** A sprinkler's loop: through its key area and two main-road points near it. */
  sprinkleLoop(keyArea: [number, number], random: SeededRandom): [number, number][] {
    return [keyArea, ...this.nearbyMainRoadPoints(keyArea, SPRINKLE_RADIUS_M, 2, random)];
  }

  nearestDepot(p: LonLat): [number, number] {
    return this.depots.reduce((best, d) => (this.distanceM(p, d) < this.distanceM(p, best) ? d : best));
  }

  private nearbyMainRoadPoints(centre: LonLat, radiusM: number, count: number, random: SeededRandom): [number, number][] {
    const near = this.mainRoadVertices.filter((v) => {
      const d = this.distanceM(v, centre);
      return d > radiusM / 4 && d <= radiusM;
    });
    const pool = near.length >= count ? near : this.mainRoadVertices;
    return Array.from({ length: count }, () => pool[Math.floor(random.next() * pool.length)]!);
  }

  // A nearest-neighbour tour from the westernmost point: consecutive points are close, so
  // a compactor given a run of them drives a compact round.
  private tour(points: [number, number][]): [number, number][] {
    const left = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const out: [number, number][] = [];
    let current = left.shift();
    while (current) {
      out.push(current);
      let bestIndex = -1;
      let bestD = Infinity;
      for (let i = 0; i < left.length; i++) {
        const d = this.distanceM(current, left[i]!);
        if (d < bestD) [bestD, bestIndex] = [d, i];
      }
      current = bestIndex >= 0 ? left.splice(bestIndex, 1)[0] : undefined;
    }
    return out;
  }
}

function dedupe(points: [number, number][]): [number, number][] {
  const seen = new Map<string, [number, number]>();
  for (const p of points) seen.set(`${p[0]},${p[1]}`, p);
  return [...seen.values()];
}
