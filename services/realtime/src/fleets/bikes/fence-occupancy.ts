import { isParkedInFence, type LiveBike } from '@urban-brain/common';
import type { LiveStateStore } from '../../live-state/live-state-store';

/** Bikes parked in one parking fence. */
export interface FenceCount {
  fenceId: string;
  parked: number;
  /** Mean position of its parked bikes when the count last changed: where the fence is, for area filtering. */
  lon: number;
  lat: number;
  /** Bike layer version at which the count last changed. */
  version: number;
}

export interface FenceChanges {
  /** True when the client must drop the fence counts it holds (it is behind forgotten zero counts). */
  snapshot: boolean;
  fences: FenceCount[];
}


// A fence emptied is kept with 0 so deltas can say so; this many empty fences
// are kept at most (a producer inventing fence ids must not grow memory).
const MAX_EMPTY_FENCES = 10_000;

// Fence occupancy derived from the bike layer, versioned by the bike layer's
// version so a client's delta is "fences whose count changed since the bike
// version my last frame brought me to". Recounted from all bikes (11,000 is a
// millisecond) only when the bike layer's version moved; counting from scratch
// cannot drift the way per-event increments would when bikes age out or are evicted.
export class FenceOccupancy {
  private readonly fences = new Map<string, FenceCount>();
  private atVersion = -1;
  private forgottenUpTo = 0;

  constructor(private readonly bikes: LiveStateStore<LiveBike>) {}

  /** Fences with bikes parked now. */
  snapshot(): FenceCount[] {
    this.refresh();
    return [...this.fences.values()].filter((fence) => fence.parked > 0);
  }

  /** Fences whose count changed after bike-layer `version` (count 0 included). */
  changesSince(version: number): FenceChanges {
    this.refresh();
    if (version < this.forgottenUpTo) return { snapshot: true, fences: this.snapshot() };
    const fences: FenceCount[] = [];
    for (const fence of this.fences.values()) if (fence.version > version) fences.push(fence);
    return { snapshot: false, fences };
  }

  private refresh(): void {
    const version = this.bikes.version;
    if (version === this.atVersion) return;
    this.atVersion = version;
    const tally = new Map<string, { parked: number; lon: number; lat: number }>();
    for (const bike of this.bikes.snapshot().entries) {
      if (!isParkedInFence(bike)) continue;
      const sum = tally.get(bike.fenceId) ?? { parked: 0, lon: 0, lat: 0 };
      sum.parked++;
      sum.lon += bike.lon;
      sum.lat += bike.lat;
      tally.set(bike.fenceId, sum);
    }
    let empty = 0;
    for (const [fenceId, held] of this.fences) {
      if (tally.has(fenceId)) continue;
      if (held.parked > 0) this.fences.set(fenceId, { ...held, parked: 0, version });
      empty++;
    }
    for (const [fenceId, sum] of tally) {
      const held = this.fences.get(fenceId);
      if (held?.parked === sum.parked) continue;
      this.fences.set(fenceId, { fenceId, parked: sum.parked, lon: sum.lon / sum.parked, lat: sum.lat / sum.parked, version });
    }
    if (empty > MAX_EMPTY_FENCES) {
      for (const [fenceId, held] of this.fences) if (held.parked === 0) this.fences.delete(fenceId);
      // Clients older than now may have missed a count dropping to 0: they get a snapshot.
      this.forgottenUpTo = version;
    }
  }
}
