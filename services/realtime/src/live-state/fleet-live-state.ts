import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { LIVE_LAYERS, type LiveLayer } from '@urban-brain/proto';
import type { LiveLayerEntries } from '../fleets/live-fleet.registry';
import type { LiveStream } from '../fleets/live-stream';
import { LiveStateStore, type LiveStateStoreOptions } from './live-state-store';

export type FleetLiveStateOptions = Record<LiveLayer, LiveStateStoreOptions>;

type LayerStores = { readonly [L in LiveLayer]: LiveStateStore<LiveLayerEntries[L]> };

// The gateway's whole live picture: one latest-state store per layer, each with
// its own version, staleness and cap. The Kafka feed writes it through `apply`
// (each stream says how its message changes its layer); the socket service reads each layer's store.
export class FleetLiveState {
  private readonly stores: LayerStores;

  constructor(options: FleetLiveStateOptions) {
    this.stores = Object.fromEntries(LIVE_LAYERS.map((layer) => [layer, new LiveStateStore(options[layer])])) as unknown as LayerStores;
  }

  layer<L extends LiveLayer>(layer: L): LiveStateStore<LiveLayerEntries[L]> {
    return this.stores[layer];
  }

  /** Applies an accepted message of the stream to its layer; false when the layer kept what it held. */
  apply<Desc extends DescMessage, L extends LiveLayer>(stream: LiveStream<Desc, L>, message: MessageShape<Desc>, receivedAtMs: number): boolean {
    return stream.apply(this.stores[stream.layer], message, receivedAtMs);
  }

  /** Ages out silent entries on every layer; returns the removed ids per layer. */
  removeStale(nowMs: number): Record<LiveLayer, string[]> {
    return Object.fromEntries(LIVE_LAYERS.map((layer) => [layer, this.stores[layer].removeStale(nowMs)])) as Record<LiveLayer, string[]>;
  }
}
