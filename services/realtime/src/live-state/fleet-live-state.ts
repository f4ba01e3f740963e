import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { LIVE_LAYERS, type LiveLayer } from '@urban-brain/proto';
import { LIVE_LAYER_TABLES, LIVE_TABLE_ENTRIES, LIVE_TABLES, type LiveLayerEntries, type LiveTable, type LiveTableEntries } from '../fleets/live-fleet.registry';
import type { LiveLayerEntry } from '../fleets/live-layer';
import { tableOf, type LiveStream } from '../fleets/live-stream';
import { LiveStateStore, type LayerVersion, type LiveStateStoreOptions } from './live-state-store';

/** Staleness and cap of each live table (a layer's own table is named like the layer). */
export type FleetLiveStateOptions = Record<LiveTable, LiveStateStoreOptions>;

type TableStores = { readonly [T in LiveTable]: LiveStateStore<LiveTableEntries[T]> };

// The gateway's whole live picture: one latest-state store per table, each with
// its own staleness and cap; the tables of one layer (most layers have one) share
// the layer's version. The Kafka feed writes it through `apply` (each stream says
// how its message changes its table); the socket service reads each table's store.
export class FleetLiveState {
  private readonly stores: TableStores;

  constructor(options: FleetLiveStateOptions) {
    const stores: Partial<Record<LiveTable, LiveStateStore<unknown>>> = {};
    for (const layer of LIVE_LAYERS) {
      const version: LayerVersion = { value: 0 };
      for (const table of LIVE_LAYER_TABLES[layer]) {
        const entry: LiveLayerEntry<unknown> = LIVE_TABLE_ENTRIES[table];
        const hasEnded = entry.hasEnded ? (value: unknown) => entry.hasEnded!(value) : undefined;
        stores[table] = new LiveStateStore(options[table], { version, hasEnded });
      }
    }
    this.stores = stores as TableStores;
  }

  /** The layer's own table (named like the layer); its version is the layer's. */
  layer<L extends LiveLayer>(layer: L): LiveStateStore<LiveLayerEntries[L]> {
    return this.stores[layer];
  }

  table<T extends LiveTable>(table: T): LiveStateStore<LiveTableEntries[T]> {
    return this.stores[table];
  }

  /** Applies an accepted message of the stream to its table; false when the table kept what it held. */
  apply<Desc extends DescMessage, L extends LiveLayer, T extends LiveTable>(stream: LiveStream<Desc, L, T>, message: MessageShape<Desc>, receivedAtMs: number): boolean {
    return stream.apply(this.stores[tableOf(stream as unknown as LiveStream) as T], message, receivedAtMs);
  }

  /** Ages out silent entries on every table; returns the removed ids per table. */
  removeStale(nowMs: number): Record<LiveTable, string[]> {
    return Object.fromEntries(LIVE_TABLES.map((table) => [table, this.stores[table].removeStale(nowMs)])) as Record<LiveTable, string[]>;
  }
}
