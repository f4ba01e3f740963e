import { fromBinary } from '@bufbuild/protobuf';
import { MapboxOverlay } from '@deck.gl/mapbox';
import { LiveFrameSchema } from '@urban-brain/proto';
import { applyFrameToTables, createLiveTables } from '../live/live-tables';
import { packTruckData, truckDeckLayers } from '../map/deck/truck-deck-layers';
import type { EntityDrawer } from './entity-drawer';

// The wall's own path for every update: decode the frame, apply it to the live
// tables (the trucks' column table), pack the columns into deck's binary
// attributes and hand deck the layers. Trails and heading arrows are left out
// (no icon atlas, no trail buffer): the same dots as the GeoJSON baseline draws.
export function createDeckDrawer(): EntityDrawer {
  const overlay = new MapboxOverlay({ interleaved: true, layers: [] });
  const tables = createLiveTables();
  const table = tables.trucks;
  return {
    name: 'deck',
    get size() {
      return table.size;
    },
    attach(map) {
      map.addControl(overlay);
    },
    update(bytes) {
      applyFrameToTables(fromBinary(LiveFrameSchema, bytes), tables);
      overlay.setProps({ layers: truckDeckLayers(packTruckData(table, null), { scale: 1, stale: false, icons: null }) });
    },
  };
}
