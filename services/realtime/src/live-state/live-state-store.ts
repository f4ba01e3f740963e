/** What a client needs to catch up on one layer from one version to the current one. */
export interface LiveChanges<T> {
  /** True when the client must drop what it holds for this layer and take `entries` as the whole picture. */
  snapshot: boolean;
  entries: T[];
  removedIds: string[];
  /** The version these changes bring the client to; pass it to the next `changesSince`. */
  version: number;
}

export interface LiveStateStoreOptions {
  staleAfterMs: number;
  maxEntries: number;
}

/** A layer's version: one counter shared by the layer's tables, so one number dates what a client holds of each. */
export interface LayerVersion {
  value: number;
}

/** How a store fits in its layer. */
export interface LiveTableOptions<T> {
  /** The layer's version, when the layer has more tables than this one; else the store counts its own. */
  version?: LayerVersion;
  // Method syntax on purpose: it keeps LiveStateStore<T> covariant in T, as the layer entries and streams expect.
  /**
   * An entry that has ended (a closed call): held on until it goes stale, so a late message about
   * it is judged against it instead of bringing it back, but reported as removed from the moment
   * it ends and left out of snapshots and changes.
   */
  hasEnded?(value: T): boolean;
}

interface Held<T> {
  value: T;
  /** Store version at which this entry last changed. */
  version: number;
  /** Gateway clock (epoch ms) of the last accepted update: what staleness is measured from. */
  touchedAtMs: number;
  /** Ended (LiveTableOptions.hasEnded): reported as removed, held on. */
  ended: boolean;
}

// Latest state per key (truck, bike, boat, corridor, ambulance, call), versioned
// so each client can ask "what changed since the version I last saw?". Many
// updates of one key between two frames collapse into its newest entry, so a
// client never receives a backlog. One class for every table: a layer only
// decides how a message turns the held entry into the next one (`upsert`).
// The tables of one layer (ambulances and calls) share the layer's version.
//
// Memory is bounded twice: keys silent for longer than `staleAfterMs` are
// dropped by `removeStale`, and at most `maxEntries` are held (the one heard
// from longest ago is evicted). Removals are remembered as tombstones so deltas
// can report them; tombstones are bounded too, and a client that fell behind
// the oldest one kept gets a snapshot instead of a delta.
export class LiveStateStore<T> {
  // Insertion order = order of last update: an update deletes and re-inserts,
  // so the first entries are the keys heard from longest ago.
  private readonly held = new Map<string, Held<T>>();
  // Removals in version order (parallel arrays from `tombstoneHead` on), so a
  // delta finds its removals by binary search instead of walking them all.
  private tombstoneIds: string[] = [];
  private tombstoneVersions: number[] = [];
  private tombstoneHead = 0;
  // Removals at or below this version may have been forgotten.
  private forgottenUpTo = 0;
  private readonly layerVersion: LayerVersion;
  private evicted = 0;

  constructor(
    private readonly options: LiveStateStoreOptions,
    private readonly table: LiveTableOptions<T> = {},
  ) {
    if (!(options.maxEntries >= 1)) throw new Error('maxEntries must be at least 1');
    if (!(options.staleAfterMs > 0)) throw new Error('staleAfterMs must be positive');
    this.layerVersion = table.version ?? { value: 0 };
  }

  /** The layer's version: moves with every change of any of its tables. */
  get version(): number {
    return this.layerVersion.value;
  }

  /** Entries held, ended ones included (what `maxEntries` counts). */
  get size(): number {
    return this.held.size;
  }

  get staleAfterMs(): number {
    return this.options.staleAfterMs;
  }

  /** Entries pushed out by the `maxEntries` cap since start. */
  get evictedCount(): number {
    return this.evicted;
  }

  /** The entry held under `id`, ended or not. */
  get(id: string): T | undefined {
    return this.held.get(id)?.value;
  }

  /**
   * Replaces the entry under `id` with `next(held)`; `next` returns null to refuse
   * the update (a duplicate or an out-of-order message), which changes nothing.
   * Returns whether the entry changed.
   */
  upsert(id: string, receivedAtMs: number, next: (held: T | undefined) => T | null): boolean {
    const held = this.held.get(id);
    const value = next(held?.value);
    if (value === null) return false;
    if (held) this.held.delete(id);
    else if (this.held.size >= this.options.maxEntries) this.evictOldest();
    const version = ++this.layerVersion.value;
    const ended = this.table.hasEnded?.(value) ?? false;
    this.held.set(id, { value, version, touchedAtMs: receivedAtMs, ended });
    if (ended && !held?.ended) this.addTombstone(id, version);
    return true;
  }

  /** Drops entries not updated for longer than `staleAfterMs`; returns their ids. */
  removeStale(nowMs: number): string[] {
    const cutoff = nowMs - this.options.staleAfterMs;
    const removed: string[] = [];
    // Oldest-heard first, so the walk stops at the first fresh entry. (A gateway
    // clock stepping backwards only delays a removal; it never drops a fresh one.)
    for (const [id, entry] of this.held) {
      if (entry.touchedAtMs > cutoff) break;
      removed.push(id);
    }
    for (const id of removed) this.remove(id);
    return removed;
  }

  /** Every entry held, as a snapshot. */
  snapshot(): LiveChanges<T> {
    const entries: T[] = [];
    for (const entry of this.held.values()) if (!entry.ended) entries.push(entry.value);
    return { snapshot: true, entries, removedIds: [], version: this.version };
  }

  /** Entries changed and removed after `version`, one per key (its newest state). */
  changesSince(version: number): LiveChanges<T> {
    const current = this.version;
    if (version < this.forgottenUpTo || version > current) return this.snapshot();
    const entries: T[] = [];
    if (version < current) {
      for (const entry of this.held.values()) if (entry.version > version && !entry.ended) entries.push(entry.value);
    }
    return { snapshot: false, entries, removedIds: this.removedSince(version), version: current };
  }

  private evictOldest(): void {
    const oldest = this.held.keys().next();
    if (oldest.done) return;
    this.remove(oldest.value);
    this.evicted++;
  }

  private remove(id: string): void {
    const held = this.held.get(id);
    this.held.delete(id);
    // An ended entry was reported removed when it ended; forgetting it changes nothing a client sees.
    if (!held?.ended) this.addTombstone(id, ++this.layerVersion.value);
  }

  private addTombstone(id: string, version: number): void {
    this.tombstoneIds.push(id);
    this.tombstoneVersions.push(version);
    // As many tombstones as entries is plenty: a client further behind than that
    // is cheaper to resync with a snapshot anyway.
    if (this.tombstoneIds.length - this.tombstoneHead > this.options.maxEntries) {
      this.forgottenUpTo = this.tombstoneVersions[this.tombstoneHead]!;
      this.tombstoneHead++;
      if (this.tombstoneHead > 1024 && this.tombstoneHead * 2 > this.tombstoneIds.length) {
        this.tombstoneIds = this.tombstoneIds.slice(this.tombstoneHead);
        this.tombstoneVersions = this.tombstoneVersions.slice(this.tombstoneHead);
        this.tombstoneHead = 0;
      }
    }
  }

  private removedSince(version: number): string[] {
    let low = this.tombstoneHead;
    let high = this.tombstoneVersions.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.tombstoneVersions[mid]! > version) high = mid;
      else low = mid + 1;
    }
    const removed = new Set<string>();
    for (let i = low; i < this.tombstoneIds.length; i++) {
      const id = this.tombstoneIds[i]!;
      const held = this.held.get(id);
      // An entry heard from again after its removal is reported as changed, not removed; an ended one stays removed.
      if (!held || held.ended) removed.add(id);
    }
    return [...removed];
  }
}
