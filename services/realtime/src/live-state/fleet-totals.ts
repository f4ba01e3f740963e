import { LIVE_LAYER_TOTALS, type LayerTally, type TotalsLayer } from '../fleets/live-fleet.registry';
import type { LiveLayerTotals } from '../fleets/live-layer';
import type { FleetLiveState } from './fleet-live-state';

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
    // TypeScript cannot tie the table's entry to L by itself; the table's type does.
    const totals = LIVE_LAYER_TOTALS[layer] as LiveLayerTotals<unknown, LayerTally[L]>;
    // The layer's other tables share its version, so they are read at the version cached here too.
    const tally = totals.tally(store.snapshot().entries, (table) => this.state.table(table).snapshot().entries);
    this.computed++;
    // A handful of numbers: their JSON is the cheapest exact comparison.
    const key = JSON.stringify(tally);
    const next = held?.key === key ? { ...held, version: store.version } : { version: store.version, revision: (held?.revision ?? 0) + 1, key, tally };
    this.held.set(layer, next);
    return { revision: next.revision, tally: next.tally as LayerTally[L] };
  }
}

/** Whether the layer has fleet-wide totals. */
export const hasTotals = (layer: string): layer is TotalsLayer => Object.hasOwn(LIVE_LAYER_TOTALS, layer);
