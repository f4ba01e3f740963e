import type { TaskState, TruckKind, TruckReading } from '@urban-brain/proto';

/** The newest reading of one truck as the gateway holds it. */
export interface LiveTruck {
  truckId: string;
  seq: number;
  recordedAtMs: number;
  lon: number;
  lat: number;
  speedKmh: number;
  headingDeg: number;
  loadKg: number;
  taskState: TaskState;
  kind: TruckKind;
  /** When the gateway read the reading from Kafka (gateway clock, epoch ms). */
  receivedAtMs: number;
  /** State version at which this truck last changed. */
  version: number;
}

/** What a client needs to catch up from one version to the current one. */
export interface TruckChanges {
  /** True when the client must drop what it holds and take `trucks` as the whole picture. */
  snapshot: boolean;
  trucks: LiveTruck[];
  removedTruckIds: string[];
  /** The version these changes bring the client to; pass it to the next `changesSince`. */
  version: number;
}

export interface TruckLiveStateOptions {
  staleAfterMs: number;
  maxTrucks: number;
}

// Latest state per truck, versioned so each client can ask "what changed since
// the version I last saw?". Many readings of one truck between two frames
// collapse into its newest entry, so a client never receives a backlog.
//
// Memory is bounded twice: trucks silent for longer than `staleAfterMs` are
// dropped by `removeStale`, and at most `maxTrucks` are held (the one heard from
// longest ago is evicted). Removals are remembered as tombstones so deltas can
// report them; tombstones are bounded too, and a client that fell behind the
// oldest one kept gets a snapshot instead of a delta.
export class TruckLiveState {
  // Insertion order = order of last update: an update deletes and re-inserts,
  // so the first entries are the trucks heard from longest ago.
  private readonly trucks = new Map<string, LiveTruck>();
  // Removals in version order (parallel arrays from `tombstoneHead` on), so a
  // delta finds its removals by binary search instead of walking them all.
  private tombstoneIds: string[] = [];
  private tombstoneVersions: number[] = [];
  private tombstoneHead = 0;
  // Removals at or below this version may have been forgotten.
  private forgottenUpTo = 0;
  private currentVersion = 0;
  private evicted = 0;

  constructor(private readonly options: TruckLiveStateOptions) {
    if (!(options.maxTrucks >= 1)) throw new Error('maxTrucks must be at least 1');
    if (!(options.staleAfterMs > 0)) throw new Error('staleAfterMs must be positive');
  }

  get version(): number {
    return this.currentVersion;
  }

  get size(): number {
    return this.trucks.size;
  }

  /** Trucks pushed out by the `maxTrucks` cap since start. */
  get evictedCount(): number {
    return this.evicted;
  }

  /** Records a reading; false when it is not newer than the one held (duplicate or out of order). */
  apply(reading: TruckReading, receivedAtMs: number): boolean {
    const recordedAtMs = Number(reading.recordedAtMs);
    const held = this.trucks.get(reading.truckId);
    if (held && (recordedAtMs < held.recordedAtMs || (recordedAtMs === held.recordedAtMs && reading.seq <= held.seq))) {
      return false;
    }
    if (held) this.trucks.delete(reading.truckId);
    else if (this.trucks.size >= this.options.maxTrucks) this.evictOldest();
    this.trucks.set(reading.truckId, {
      truckId: reading.truckId,
      seq: reading.seq,
      recordedAtMs,
      lon: reading.lon,
      lat: reading.lat,
      speedKmh: reading.speedKmh,
      headingDeg: reading.headingDeg,
      loadKg: reading.loadKg,
      taskState: reading.taskState,
      kind: reading.kind,
      receivedAtMs,
      version: ++this.currentVersion,
    });
    return true;
  }

  /** Drops trucks not heard from for longer than `staleAfterMs`; returns their ids. */
  removeStale(nowMs: number): string[] {
    const cutoff = nowMs - this.options.staleAfterMs;
    const removed: string[] = [];
    // Oldest-heard first, so the walk stops at the first fresh truck. (A gateway
    // clock stepping backwards only delays a removal; it never drops a fresh truck.)
    for (const truck of this.trucks.values()) {
      if (truck.receivedAtMs > cutoff) break;
      removed.push(truck.truckId);
    }
    for (const truckId of removed) this.remove(truckId);
    return removed;
  }

  /** Every truck held, as a snapshot. */
  snapshot(): TruckChanges {
    return { snapshot: true, trucks: [...this.trucks.values()], removedTruckIds: [], version: this.currentVersion };
  }

  /** Trucks changed and removed after `version`, one entry per truck (its newest state). */
  changesSince(version: number): TruckChanges {
    if (version < this.forgottenUpTo || version > this.currentVersion) return this.snapshot();
    const trucks: LiveTruck[] = [];
    if (version < this.currentVersion) {
      for (const truck of this.trucks.values()) if (truck.version > version) trucks.push(truck);
    }
    return { snapshot: false, trucks, removedTruckIds: this.removedSince(version), version: this.currentVersion };
  }

  private evictOldest(): void {
    const oldest = this.trucks.keys().next();
    if (oldest.done) return;
    this.remove(oldest.value);
    this.evicted++;
  }

  private remove(truckId: string): void {
    this.trucks.delete(truckId);
    this.tombstoneIds.push(truckId);
    this.tombstoneVersions.push(++this.currentVersion);
    // As many tombstones as trucks is plenty: a client further behind than that
    // is cheaper to resync with a snapshot anyway.
    if (this.tombstoneIds.length - this.tombstoneHead > this.options.maxTrucks) {
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
      const truckId = this.tombstoneIds[i]!;
      // A truck heard from again after its removal is reported as changed, not removed.
      if (!this.trucks.has(truckId)) removed.add(truckId);
    }
    return [...removed];
  }
}
