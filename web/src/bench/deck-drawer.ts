import { fromBinary } from '@bufbuild/protobuf';
import { MapboxOverlay } from '@deck.gl/mapbox';
import { LiveFrameSchema } from '@urban-brain/proto';
import { TruckTable } from '../live/truck-table';
import { packTruckData, truckDeckLayers } from '../map/deck/truck-deck-layers';
import type { EntityDrawer } from './entity-drawer';

// The wall's own path for every update: decode the frame, apply it to the typed
// truck table, pack the columns into deck's binary attributes and hand deck the
// layers. Trails and heading arrows are left out (no icon atlas, no trail
// buffer): the same dots as the GeoJSON baseline draws.
export function createDeckDrawer(): EntityDrawer {
  const overlay = new MapboxOverlay({ interleaved: true, layers: [] });
  const table = new TruckTable();
  return {
    name: 'deck',
    get size() {
      return table.size;
    },
    attach(map) {
      map.addControl(overlay);
    },
    update(bytes) {
      table.applyFrame(fromBinary(LiveFrameSchema, bytes));
      overlay.setProps({ layers: truckDeckLayers(packTruckData(table, null), { scale: 1, stale: false, icons: null }) });
    },
  };
}
