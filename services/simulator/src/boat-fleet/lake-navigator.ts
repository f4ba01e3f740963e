import type { CityPack } from '@urban-brain/city-pack';

/** Metres east and north of the pack's centre. */
export type XY = [x: number, y: number];

// A boat moves in metres on the pack's local projection; every position it reports is checked
// against the lake polygon after rounding to what the GPS sends.
const round7 = (v: number) => Math.round(v * 1e7) / 1e7;
const SAMPLE_EVERY_M = 15;
// Headings tried, in order, when the straight move would leave the water.
const DETOURS_DEG = [20, -20, 45, -45, 70, -70, 100, -100, 135, -135, 180];

/** Keeps boats on the lake: moves that stay on water, and routes along the lake's spine between two points. */
export class LakeNavigator {
  private readonly spine: XY[];

  constructor(private readonly pack: CityPack) {
    // The river's centreline through the lake: the lake is its dammed reach, so the line is always on water.
    const river = pack.layers.water.find((w) => w.properties.kind === 'river' && w.geometry.type === 'LineString');
    const line = river?.geometry.type === 'LineString' ? river.geometry.coordinates : [];
    this.spine = line.filter((p) => pack.inLake(p)).map((p) => pack.projection.toXY(p));
  }

  toLonLat(p: XY): [number, number] {
    const [lon, lat] = this.pack.projection.toLonLat(p);
    return [round7(lon), round7(lat)];
  }

  toXY(p: readonly [number, number]): XY {
    return this.pack.projection.toXY(p);
  }

  onWater(p: XY): boolean {
    return this.pack.inLake(this.toLonLat(p));
  }

  /** True when the straight line a-b stays on the water. */
  clearLine(a: XY, b: XY): boolean {
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const steps = Math.max(1, Math.ceil(length / SAMPLE_EVERY_M));
    for (let i = 0; i <= steps; i++) {
      const t = i / steps;
      if (!this.onWater([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t])) return false;
    }
    return true;
  }

  /** Waypoints from a to b on water: straight when clear, else by way of the spine. */
  plan(a: XY, b: XY): XY[] {
    if (this.spine.length === 0 || this.clearLine(a, b)) return [b];
    const i = this.nearestSpine(a);
    const j = this.nearestSpine(b);
    const path: XY[] = [];
    for (let k = i; k !== j; k += Math.sign(j - i)) path.push(this.spine[k]!);
    path.push(this.spine[j]!, b);
    return path;
  }

  /**
   * Moves metres from p towards heading (degrees from north), turning away from the shore when
   * the straight move would leave the water. Returns the new position and heading, or the old
   * position when every direction is blocked.
   */
  move(p: XY, headingDeg: number, metres: number): { position: XY; headingDeg: number; moved: boolean } {
    for (const turn of [0, ...DETOURS_DEG]) {
      const h = (((headingDeg + turn) % 360) + 360) % 360;
      const rad = (h * Math.PI) / 180;
      const next: XY = [p[0] + metres * Math.sin(rad), p[1] + metres * Math.cos(rad)];
      if (this.onWater(next)) return { position: next, headingDeg: h, moved: true };
    }
    return { position: p, headingDeg, moved: false };
  }

  private nearestSpine(p: XY): number {
    let best = 0;
    let bestD = Infinity;
    this.spine.forEach((s, k) => {
      const d = Math.hypot(s[0] - p[0], s[1] - p[1]);
      if (d < bestD && this.clearLine(p, s)) [best, bestD] = [k, d];
    });
    return best;
  }
}
