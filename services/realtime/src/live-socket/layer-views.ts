import { LIVE_LAYERS, type LiveLayer } from '@urban-brain/proto';
import { LIVE_LAYER_TABLES, LIVE_TABLE_ENTRIES, type LiveLayerEntries, type LiveTable } from '../fleets/live-fleet.registry';
import type { LiveLayerEntry } from '../fleets/live-layer';
import type { FleetLiveState } from '../live-state/fleet-live-state';
import { EntriesLayerView, type ViewedTable } from './entries-layer.view';
import { LayerChanges } from './layer-changes';
import type { LayerView } from './layer-view';

/** Each layer's view over the live state. */
export function createLayerViews(state: FleetLiveState): Record<LiveLayer, LayerView> {
  return Object.fromEntries(LIVE_LAYERS.map((layer) => [layer, layerView(state, layer)])) as Record<LiveLayer, LayerView>;
}

// The one its own table's registry entry gives (bikes), else its tables' entries cut to the client's area.
function layerView<L extends LiveLayer>(state: FleetLiveState, layer: L): LayerView {
  const entry: LiveLayerEntry<LiveLayerEntries[L]> = LIVE_TABLE_ENTRIES[layer];
  if (entry.view) return entry.view(new LayerChanges(layer, state.table(layer)));
  return new EntriesLayerView(LIVE_LAYER_TABLES[layer].map((table) => viewedTable(state, table)));
}

function viewedTable(state: FleetLiveState, table: LiveTable): ViewedTable<unknown> {
  // TypeScript cannot tie a table's entry to its store by itself; the registry's types do.
  const entry = LIVE_TABLE_ENTRIES[table] as LiveLayerEntry<unknown>;
  return { table, changes: new LayerChanges(table, state.table(table)), idOf: entry.idOf };
}
