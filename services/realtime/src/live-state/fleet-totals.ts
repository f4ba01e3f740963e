import { BoatTaskState } from '@urban-brain/proto';
import { isFaulty, isRiding } from '../fleets/bikes/bike-cells';
import type { FleetLiveState, LiveLayerEntries } from './fleet-live-state';
import type { LiveBike } from '../fleets/bikes/live-bike';
import type { LiveBoat } from '../fleets/boats/live-boat';
import type { LiveTruck } from '../fleets/trucks/live-truck';

// What the web map draws as a moving truck (web/src/map/truck-task-style.ts MOVING_ABOVE_KMH).
export const MOVING_ABOVE_KMH = 2;
// An e-bike below this needs a battery swap soon.
export const LOW_BATTERY_BELOW_PCT = 20;

export interface TruckTally {
  total: number;
  moving: number;
  /** Entry i: trucks whose task state is TaskState i; as long as the highest state seen + 1. */
  byTaskState: number[];
}

/** Each bike counts in exactly one of parkedInFence, parkedOutsideFence, riding and faulty. */
export interface BikeTally {
  total: number;
  parkedInFence: number;
  parkedOutsideFence: number;
  riding: number;
  faulty: number;
  ebikes: number;
  ebikesLowBattery: number;
}

export interface BoatTally {
  total: number;
  working: number;
  debrisKg: number;
}

export function tallyTrucks(trucks: readonly LiveTruck[]): TruckTally {
  const byTaskState: number[] = [];
  let moving = 0;
  for (const truck of trucks) {
    if (truck.speedKmh > MOVING_ABOVE_KMH) moving++;
    for (let state = byTaskState.length; state <= truck.taskState; state++) byTaskState.push(0);
    byTaskState[truck.taskState]!++;
  }
  return { total: trucks.length, moving, byTaskState };
}

// The same split as the bike cells (riding, then faulty, then outside), so a
// cell's outside count and the fleet's agree.
export function tallyBikes(bikes: readonly LiveBike[]): BikeTally {
  const tally: BikeTally = { total: bikes.length, parkedInFence: 0, parkedOutsideFence: 0, riding: 0, faulty: 0, ebikes: 0, ebikesLowBattery: 0 };
  for (const bike of bikes) {
    if (isRiding(bike)) tally.riding++;
    else if (isFaulty(bike)) tally.faulty++;
    else if (bike.inFence) tally.parkedInFence++;
    else tally.parkedOutsideFence++;
    if (bike.isEbike) {
      tally.ebikes++;
      if (bike.batteryPct < LOW_BATTERY_BELOW_PCT) tally.ebikesLowBattery++;
    }
  }
  return tally;
}

export function tallyBoats(boats: readonly LiveBoat[]): BoatTally {
  let working = 0;
  let debrisKg = 0;
  for (const boat of boats) {
    if (boat.taskState === BoatTaskState.SWEEPING) working++;
    debrisKg += boat.debrisKg;
  }
  return { total: boats.length, working, debrisKg };
}

/** The layers with fleet-wide totals (corridors carry no position, every client gets all of them already). */
export type TotalsLayer = 'trucks' | 'bikes' | 'boats';
export interface LayerTally {
  trucks: TruckTally;
  bikes: BikeTally;
  boats: BoatTally;
}

const TALLY: { [L in TotalsLayer]: (entries: LiveLayerEntries[L][]) => LayerTally[L] } = {
  trucks: tallyTrucks,
  bikes: tallyBikes,
  boats: tallyBoats,
};

export interface CurrentTotals<L extends TotalsLayer> {
  /** Bumped only when the figures differ from the previous ones: what a client compares with what it was sent. */
  revision: number;
  tally: LayerTally[L];
}

// Fleet-wide figures per layer, shared by every client whatever its area.
// Recounted from the whole layer (11,000 bikes: well under a millisecond) only
// when the layer's version moved, so at most once per tick; counting from
// scratch cannot drift the way per-event increments would when entries age out
// or are evicted. A new version that leaves the figures as they were (a truck
// moving on at the same speed class) keeps the revision, so no client is sent
// the same figures again.
export class FleetTotalsCache {
  private readonly held = new Map<TotalsLayer, { version: number; revision: number; key: string; tally: unknown }>();
  private computed = 0;

  constructor(private readonly state: FleetLiveState) {}

  /** Tallies since start: at most one per layer version asked for. */
  get computations(): number {
    return this.computed;
  }

  current<L extends TotalsLayer>(layer: L): CurrentTotals<L> {
    const store = this.state.layer(layer);
    const held = this.held.get(layer);
    if (held?.version === store.version) return { revision: held.revision, tally: held.tally as LayerTally[L] };
    const tally = (TALLY[layer] as (entries: LiveLayerEntries[L][]) => LayerTally[L])(store.snapshot().entries);
    this.computed++;
    // A handful of numbers: their JSON is the cheapest exact comparison.
    const key = JSON.stringify(tally);
    const next = held?.key === key ? { ...held, version: store.version } : { version: store.version, revision: (held?.revision ?? 0) + 1, key, tally };
    this.held.set(layer, next);
    return { revision: next.revision, tally: next.tally as LayerTally[L] };
  }
}
