import type { LiveFrame, TaskState, TruckKind } from '@urban-brain/proto';

const INITIAL_CAPACITY = 256;

export interface TruckPosition {
  id: string;
  lon: number;
  lat: number;
}

// The live trucks as columns of typed arrays (row i = ids[i]), applied frame by
// frame. Plain class, never made reactive: Vue only sees a version counter, so a
// frame with thousands of trucks costs array writes, not proxy traps. Rows are
// packed (a removal moves the last row into the hole), so a renderer can read
// rows 0..size-1 straight into its buffers.
export class TruckTable {
  readonly ids: string[] = [];
  lon = new Float64Array(INITIAL_CAPACITY);
  lat = new Float64Array(INITIAL_CAPACITY);
  speedKmh = new Float32Array(INITIAL_CAPACITY);
  headingDeg = new Float32Array(INITIAL_CAPACITY);
  loadKg = new Float32Array(INITIAL_CAPACITY);
  taskState = new Uint8Array(INITIAL_CAPACITY);
  kind = new Uint8Array(INITIAL_CAPACITY);
  seq = new Uint32Array(INITIAL_CAPACITY);
  recordedAtMs = new Float64Array(INITIAL_CAPACITY);
  receivedAtMs = new Float64Array(INITIAL_CAPACITY);
  private readonly rowOf = new Map<string, number>();

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  row(id: string): number | undefined {
    return this.rowOf.get(id);
  }

  /** A snapshot replaces everything; a delta drops removed trucks, then upserts the changed ones. */
  applyFrame(frame: LiveFrame): void {
    if (frame.snapshot) this.clear();
    for (const id of frame.removedTruckIds) this.remove(id);
    const columns = frame.trucks;
    if (!columns) return;
    for (let i = 0; i < columns.truckIds.length; i++) {
      const id = columns.truckIds[i]!;
      let row = this.rowOf.get(id);
      if (row === undefined) {
        row = this.ids.length;
        if (row === this.lon.length) this.grow(row * 2);
        this.ids.push(id);
        this.rowOf.set(id, row);
      }
      this.lon[row] = columns.lon[i] ?? 0;
      this.lat[row] = columns.lat[i] ?? 0;
      this.speedKmh[row] = columns.speedKmh[i] ?? 0;
      this.headingDeg[row] = columns.headingDeg[i] ?? 0;
      this.loadKg[row] = columns.loadKg[i] ?? 0;
      this.taskState[row] = columns.taskState[i] ?? 0;
      this.kind[row] = columns.kind[i] ?? 0;
      this.seq[row] = columns.seq[i] ?? 0;
      this.recordedAtMs[row] = columns.recordedAtMs[i] ?? 0;
      this.receivedAtMs[row] = columns.receivedAtMs[i] ?? 0;
    }
  }

  clear(): void {
    this.ids.length = 0;
    this.rowOf.clear();
  }

  remove(id: string): void {
    const row = this.rowOf.get(id);
    if (row === undefined) return;
    const last = this.ids.length - 1;
    if (row !== last) {
      const movedId = this.ids[last]!;
      this.ids[row] = movedId;
      this.rowOf.set(movedId, row);
      for (const column of this.columns()) column[row] = column[last]!;
    }
    this.ids.pop();
    this.rowOf.delete(id);
  }

  positions(): TruckPosition[] {
    return this.ids.map((id, row) => ({ id, lon: this.lon[row]!, lat: this.lat[row]! }));
  }

  taskOf(row: number): TaskState {
    return this.taskState[row] as TaskState;
  }

  kindOf(row: number): TruckKind {
    return this.kind[row] as TruckKind;
  }

  private columns(): (Float64Array | Float32Array | Uint8Array | Uint32Array)[] {
    return [this.lon, this.lat, this.speedKmh, this.headingDeg, this.loadKg, this.taskState, this.kind, this.seq, this.recordedAtMs, this.receivedAtMs];
  }

  private grow(capacity: number): void {
    const grown = <T extends Float64Array | Float32Array | Uint8Array | Uint32Array>(column: T): T => {
      const next = new (column.constructor as new (length: number) => T)(capacity);
      next.set(column);
      return next;
    };
    this.lon = grown(this.lon);
    this.lat = grown(this.lat);
    this.speedKmh = grown(this.speedKmh);
    this.headingDeg = grown(this.headingDeg);
    this.loadKg = grown(this.loadKg);
    this.taskState = grown(this.taskState);
    this.kind = grown(this.kind);
    this.seq = grown(this.seq);
    this.recordedAtMs = grown(this.recordedAtMs);
    this.receivedAtMs = grown(this.receivedAtMs);
  }
}
