const INITIAL_CAPACITY = 256;

/** A layer's numeric columns as the frame carries them (booleans and enums count as numbers). */
export type ColumnSource<K extends string> = { readonly [k in K]: readonly (number | boolean)[] };
/** A layer's text columns as the frame carries them (ids of related entities: an ambulance's call). */
export type TextColumnSource<T extends string> = { readonly [k in T]: readonly string[] };

// One live layer (trucks, bikes, boats, corridors) as packed Float64 columns,
// row i = ids[i], applied frame by frame. Plain class, never reactive: Vue
// watches a per-layer version counter instead, so a frame costs array writes,
// not proxy traps. Rows are packed (a removal moves the last row into the
// hole), so a renderer reads rows 0..size-1 straight into its buffers. Float64
// everywhere keeps it one class for every layer (float32, enum and uint32 frame
// columns fit it exactly); 11,000 bikes x 10 columns is under 1 MB. A layer
// whose rows point at other entities (an ambulance's call and station, a call's
// hospital) keeps those ids in text columns, plain string arrays row for row
// beside the numbers: a few dozen rows, never worth interning.
export class ColumnTable<K extends string, T extends string = never> {
  readonly ids: string[] = [];
  readonly columns: Record<K, Float64Array>;
  readonly texts: Record<T, string[]>;
  private readonly rowOf = new Map<string, number>();

  constructor(
    readonly names: readonly K[],
    readonly textNames: readonly T[] = [],
    capacity = INITIAL_CAPACITY,
  ) {
    this.columns = Object.fromEntries(names.map((name) => [name, new Float64Array(capacity)])) as Record<K, Float64Array>;
    this.texts = Object.fromEntries(textNames.map((name) => [name, []])) as unknown as Record<T, string[]>;
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  row(id: string): number | undefined {
    return this.rowOf.get(id);
  }

  /** The value of one column at one row. */
  at(name: K, row: number): number {
    return this.columns[name][row]!;
  }

  /** The value of one text column at one row ('' when the frame left it empty). */
  textAt(name: T, row: number): string {
    return this.texts[name][row] ?? '';
  }

  /** A snapshot replaces everything; a delta drops removed ids, then upserts the changed rows. */
  apply(snapshot: boolean, removedIds: readonly string[], ids: readonly string[], source: (ColumnSource<K> & TextColumnSource<T>) | undefined): void {
    if (snapshot) this.clear();
    for (const id of removedIds) this.remove(id);
    if (!source) return;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      let row = this.rowOf.get(id);
      if (row === undefined) {
        row = this.ids.length;
        if (row === this.capacity) this.grow(row * 2);
        this.ids.push(id);
        this.rowOf.set(id, row);
      }
      for (const name of this.names) this.columns[name][row] = Number(source[name][i] ?? 0);
      for (const name of this.textNames) this.texts[name][row] = source[name][i] ?? '';
    }
  }

  clear(): void {
    this.ids.length = 0;
    for (const name of this.textNames) this.texts[name].length = 0;
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
      for (const name of this.names) this.columns[name][row] = this.columns[name][last]!;
      for (const name of this.textNames) this.texts[name][row] = this.texts[name][last]!;
    }
    this.ids.pop();
    for (const name of this.textNames) this.texts[name].pop();
    this.rowOf.delete(id);
  }

  private get capacity(): number {
    return this.columns[this.names[0]!].length;
  }

  private grow(capacity: number): void {
    for (const name of this.names) {
      const grown = new Float64Array(capacity);
      grown.set(this.columns[name]);
      this.columns[name] = grown;
    }
  }
}
