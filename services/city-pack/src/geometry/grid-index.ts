import type { XY } from './local-projection';

export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

// A uniform grid of buckets in projected metres. City features are small and evenly spread, so a
// grid beats a tree here: 11,000 bikes against 250 fences is one or two bucket looks per bike.
export class GridIndex<T> {
  private readonly cells = new Map<string, T[]>();

  constructor(readonly cellM: number) {}

  insert(item: T, box: Box): void {
    for (let cx = this.cell(box.minX); cx <= this.cell(box.maxX); cx++) {
      for (let cy = this.cell(box.minY); cy <= this.cell(box.maxY); cy++) {
        const key = `${cx}:${cy}`;
        const bucket = this.cells.get(key);
        if (bucket) bucket.push(item);
        else this.cells.set(key, [item]);
      }
    }
  }

  /** Items whose boxes share a cell with the box (may include some farther away; never misses one). */
  query(box: Box): T[] {
    const seen = new Set<T>();
    for (let cx = this.cell(box.minX); cx <= this.cell(box.maxX); cx++) {
      for (let cy = this.cell(box.minY); cy <= this.cell(box.maxY); cy++) {
        for (const item of this.cells.get(`${cx}:${cy}`) ?? []) seen.add(item);
      }
    }
    return [...seen];
  }

  /** Items in the square ring of cells `ring` cells away from p's cell (ring 0 is p's own cell). */
  queryRing(p: XY, ring: number): T[] {
    const [px, py] = [this.cell(p[0]), this.cell(p[1])];
    const out: T[] = [];
    for (let cx = px - ring; cx <= px + ring; cx++) {
      for (let cy = py - ring; cy <= py + ring; cy++) {
        if (Math.max(Math.abs(cx - px), Math.abs(cy - py)) !== ring) continue;
        out.push(...(this.cells.get(`${cx}:${cy}`) ?? []));
      }
    }
    return out;
  }

  get isEmpty(): boolean {
    return this.cells.size === 0;
  }

  private cell(v: number): number {
    return Math.floor(v / this.cellM);
  }
}

export function boxOf(points: readonly XY[]): Box {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return { minX, minY, maxX, maxY };
}
