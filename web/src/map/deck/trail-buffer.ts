import { distanceM } from '../metres-per-degree';

// Recent positions per entity in one bounded ring buffer per entity (trucks'
// short trails, boats' sweep tracks). Storage is a few flat typed arrays:
// slots x capacity points, so memory is fixed by the number of entities, never
// by how long the wall runs. Entities that leave the table free their slot.

/** A jump longer than this between two fixes (a GPS glitch, a teleport) starts a new trail. */
export const TRAIL_BREAK_M = 600;

export interface TrailPaths {
  /** Number of paths (entities with at least two recent points). */
  length: number;
  /** Vertex index where each path starts, plus one past the last vertex. */
  startIndices: Uint32Array;
  /** lon, lat per vertex. */
  positions: Float64Array;
  /** RGBA per vertex: the entity's colour, fading to transparent toward the oldest point. */
  colors: Uint8Array;
  /** Table row of each path's entity. */
  rows: Uint32Array;
}

export class TrailBuffer {
  private slotOf = new Map<string, number>();
  private free: number[] = [];
  private slots = 0;
  private lon = new Float64Array(0);
  private lat = new Float64Array(0);
  private t = new Float64Array(0);
  /** Index of the newest point per slot. */
  private head = new Uint16Array(0);
  private count = new Uint16Array(0);
  private seen = new Uint32Array(0);
  private generation = 0;

  constructor(
    /** Points kept per entity (at 1 Hz, 64 covers a minute). */
    readonly capacity: number,
    /** Points older than this, behind the newest fix of all, are not drawn. */
    readonly windowMs: number,
  ) {}

  /** Entities with a trail now. */
  get entities(): number {
    return this.slotOf.size;
  }

  /** Points held for one entity (0 when unknown). */
  pointsOf(id: string): number {
    const slot = this.slotOf.get(id);
    return slot === undefined ? 0 : this.count[slot]!;
  }

  /**
   * Takes rows 0..size-1 of a table (`timeMs`: a time column, or one time for
   * all rows when the layer has none): a row whose fix is newer than the
   * entity's newest point, and elsewhere, is appended (overwriting its oldest point when full). Entities
   * no longer in the table lose their trail.
   */
  sync(ids: readonly string[], lon: ArrayLike<number>, lat: ArrayLike<number>, timeMs: ArrayLike<number> | number, size: number): void {
    const generation = ++this.generation;
    for (let row = 0; row < size; row++) {
      const id = ids[row]!;
      let slot = this.slotOf.get(id);
      if (slot === undefined) {
        slot = this.allocate();
        this.slotOf.set(id, slot);
      }
      this.seen[slot] = generation;
      this.push(slot, lon[row]!, lat[row]!, typeof timeMs === 'number' ? timeMs : timeMs[row]!);
    }
    if (this.slotOf.size > size) {
      for (const [id, slot] of this.slotOf) {
        if (this.seen[slot] === generation) continue;
        this.slotOf.delete(id);
        this.count[slot] = 0;
        this.free.push(slot);
      }
    }
  }

  /** Forgets everything (a new snapshot from another gateway instance). */
  clear(): void {
    this.slotOf.clear();
    this.free = [];
    this.slots = 0;
    this.count.fill(0);
  }

  /**
   * The trails of rows 0..size-1 as one binary path set, newest `windowMs`
   * only; `colorOf(row, out, at)` writes the entity's RGB at `out[at..at+2]`.
   */
  paths(ids: readonly string[], size: number, colorOf: (row: number, out: Uint8Array, at: number) => void, maxAlpha = 200): TrailPaths {
    const cap = this.capacity;
    let newest = 0;
    for (const slot of this.slotOf.values()) if (this.count[slot]) newest = Math.max(newest, this.t[slot * cap + this.head[slot]!]!);
    const oldest = newest - this.windowMs;
    // First pass: each row's slot and how many of its points are recent.
    const slotOfRow = new Int32Array(size).fill(-1);
    const kept = new Uint16Array(size);
    let vertices = 0;
    let length = 0;
    for (let row = 0; row < size; row++) {
      const slot = this.slotOf.get(ids[row]!);
      if (slot === undefined) continue;
      const base = slot * cap;
      const head = this.head[slot]!;
      const count = this.count[slot]!;
      let n = 0;
      while (n < count && this.t[base + ((head - n + cap) % cap)]! >= oldest) n++;
      if (n < 2) continue;
      slotOfRow[row] = slot;
      kept[row] = n;
      vertices += n;
      length++;
    }
    const startIndices = new Uint32Array(length + 1);
    const positions = new Float64Array(vertices * 2);
    const colors = new Uint8Array(vertices * 4);
    const rows = new Uint32Array(length);
    const rgb = new Uint8Array(3);
    let path = 0;
    let v = 0;
    for (let row = 0; row < size; row++) {
      const n = kept[row]!;
      if (!n) continue;
      const slot = slotOfRow[row]!;
      const base = slot * cap;
      const head = this.head[slot]!;
      colorOf(row, rgb, 0);
      startIndices[path] = v;
      rows[path] = row;
      path++;
      // Oldest first, so the path runs toward the entity; alpha rises toward it.
      for (let k = n - 1; k >= 0; k--, v++) {
        const at = base + ((head - k + cap) % cap);
        positions[v * 2] = this.lon[at]!;
        positions[v * 2 + 1] = this.lat[at]!;
        colors[v * 4] = rgb[0]!;
        colors[v * 4 + 1] = rgb[1]!;
        colors[v * 4 + 2] = rgb[2]!;
        colors[v * 4 + 3] = Math.round((maxAlpha * (n - k)) / n);
      }
    }
    startIndices[length] = v;
    return { length, startIndices, positions, colors, rows };
  }

  private push(slot: number, lon: number, lat: number, timeMs: number): void {
    const base = slot * this.capacity;
    const n = this.count[slot]!;
    if (n > 0) {
      const last = base + this.head[slot]!;
      if (timeMs <= this.t[last]!) return;
      // Standing still adds nothing: the trail shows where it went, and ages out.
      if (lon === this.lon[last] && lat === this.lat[last]) return;
      if (distanceM(this.lon[last]!, this.lat[last]!, lon, lat) > TRAIL_BREAK_M) this.count[slot] = 0;
    }
    const head = this.count[slot] === 0 ? 0 : (this.head[slot]! + 1) % this.capacity;
    this.head[slot] = head;
    this.lon[base + head] = lon;
    this.lat[base + head] = lat;
    this.t[base + head] = timeMs;
    this.count[slot] = Math.min(this.capacity, this.count[slot]! + 1);
  }

  private allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.slots === this.head.length) this.grow(Math.max(16, this.slots * 2));
    return this.slots++;
  }

  private grow(slots: number): void {
    const grown = <T extends Float64Array | Uint16Array | Uint32Array>(array: T, length: number): T => {
      const next = new (array.constructor as new (length: number) => T)(length);
      next.set(array);
      return next;
    };
    this.lon = grown(this.lon, slots * this.capacity);
    this.lat = grown(this.lat, slots * this.capacity);
    this.t = grown(this.t, slots * this.capacity);
    this.head = grown(this.head, slots);
    this.count = grown(this.count, slots);
    this.seen = grown(this.seen, slots);
  }
}
