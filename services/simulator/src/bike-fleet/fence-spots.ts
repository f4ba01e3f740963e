import type { BikeFenceFeature, CityPack } from '@urban-brain/city-pack';
import type { SeededRandom } from '../truck-fleet/seeded-random';

export type Spot = [lon: number, lat: number];

// 7 decimals is about 1 cm: what a lock reports. Points are checked after rounding, so a bike
// reported inside a fence is inside it by the pack's own lookup.
const round7 = (v: number) => Math.round(v * 1e7) / 1e7;
const SPOT_TRIES = 12;

/** Where a bike can stand at a fence: inside its frame, or on the pavement just outside it. */
export class FenceSpots {
  private readonly box: { west: number; south: number; east: number; north: number };
  private readonly centre: Spot;

  constructor(
    readonly fence: BikeFenceFeature,
    private readonly pack: CityPack,
  ) {
    const ring = fence.geometry.coordinates[0]!.slice(0, -1);
    const lons = ring.map((p) => p[0]);
    const lats = ring.map((p) => p[1]);
    this.box = { west: Math.min(...lons), south: Math.min(...lats), east: Math.max(...lons), north: Math.max(...lats) };
    this.centre = [round7(lons.reduce((s, v) => s + v, 0) / ring.length), round7(lats.reduce((s, v) => s + v, 0) / ring.length)];
  }

  get id(): string {
    return this.fence.id;
  }

  get capacity(): number {
    return this.fence.properties.capacity;
  }

  get position(): Spot {
    return this.centre;
  }

  /** A spot inside the frame (by the pack's fence lookup). */
  inside(random: SeededRandom): Spot {
    for (let i = 0; i < SPOT_TRIES; i++) {
      const p: Spot = [round7(random.between(this.box.west, this.box.east)), round7(random.between(this.box.south, this.box.north))];
      if (this.pack.fenceAt(p)?.id === this.id) return p;
    }
    // The centroid of a convex frame is inside it.
    return this.centre;
  }

  /** A spot 2-15 m beyond the frame's edge, in no fence at all: the bike the city complains about. */
  outside(random: SeededRandom): Spot {
    // From a random point on a random edge of the (convex) frame, step outwards
    // across that edge: the distance to the frame is the step, whatever its shape.
    const ring = this.fence.geometry.coordinates[0]!.map((p) => this.pack.projection.toXY([p[0]!, p[1]!]));
    const [cx, cy] = this.pack.projection.toXY(this.centre);
    for (let i = 0; i < SPOT_TRIES * 2; i++) {
      const k = Math.floor(random.between(0, ring.length - 1));
      const [ax, ay] = ring[k]!;
      const [bx, by] = ring[k + 1]!;
      const t = random.between(0, 1);
      const qx = ax + (bx - ax) * t;
      const qy = ay + (by - ay) * t;
      const length = Math.hypot(bx - ax, by - ay) || 1;
      let nx = (by - ay) / length;
      let ny = -(bx - ax) / length;
      if (nx * (qx - cx) + ny * (qy - cy) < 0) [nx, ny] = [-nx, -ny];
      const r = random.between(2, 15) + i;
      const [lon, lat] = this.pack.projection.toLonLat([qx + nx * r, qy + ny * r]);
      const p: Spot = [round7(lon), round7(lat)];
      if (this.pack.fenceAt(p) === null) return p;
    }
    throw new Error(`no spot outside every fence near ${this.id}`);
  }
}
