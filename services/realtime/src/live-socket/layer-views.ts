import { LIVE_LAYERS, type LiveLayer } from '@urban-brain/proto';
import { LIVE_LAYER_ENTRIES, type LiveLayerEntries } from '../fleets/live-fleet.registry';
import type { LiveLayerEntry } from '../fleets/live-layer';
import type { FleetLiveState } from '../live-state/fleet-live-state';
import { EntriesLayerView } from './entries-layer.view';
import { LayerChanges } from './layer-changes';
import type { LayerView } from './layer-view';

/** Each layer's view over the live state. */
export function createLayerViews(state: FleetLiveState): Record<LiveLayer, LayerView> {
  return Object.fromEntries(LIVE_LAYERS.map((layer) => [layer, layerView(state, layer)])) as Record<LiveLayer, LayerView>;
}

// The one its registry entry gives (bikes), else its entries cut to the client's area.
function layerView<L extends LiveLayer>(state: FleetLiveState, layer: L): LayerView {
  const entry: LiveLayerEntry<LiveLayerEntries[L]> = LIVE_LAYER_ENTRIES[layer];
  const changes = new LayerChanges(layer, state.layer(layer));
  return entry.view?.(changes) ?? new EntriesLayerView(changes, entry.idOf);
}
