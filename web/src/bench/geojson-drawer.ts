import { fromBinary } from '@bufbuild/protobuf';
import { LiveFrameSchema } from '@urban-brain/proto';
import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import { applyFrameToTables, createLiveTables } from '../live/live-tables';
import { TASK_STATE_COLORS } from '../map/truck-task-style';
import type { EntityDrawer } from './entity-drawer';

// The baseline: what most dashboards do. Same decode and table as the wall, then
// one GeoJSON feature per truck rebuilt and handed to MapLibre's setData each
// update, drawn as circles of the same size and colours as the deck dots.
export function createGeojsonDrawer(): EntityDrawer {
  let map: MaplibreMap | null = null;
  const tables = createLiveTables();
  const table = tables.trucks;
  return {
    name: 'geojson',
    get size() {
      return table.size;
    },
    attach(m) {
      map = m;
      m.addSource('bench', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      const colors = Object.entries(TASK_STATE_COLORS).flatMap(([state, color]) => [Number(state), color]);
      m.addLayer({
        id: 'bench-dot',
        type: 'circle',
        source: 'bench',
        paint: {
          'circle-radius': 7,
          'circle-stroke-width': 1.5,
          'circle-stroke-color': '#05080d',
          'circle-color': ['match', ['get', 'task'], ...colors, TASK_STATE_COLORS[0]] as never,
        },
      });
    },
    update(bytes) {
      applyFrameToTables(fromBinary(LiveFrameSchema, bytes), tables);
      const { lon, lat, taskState, headingDeg } = table.columns;
      const features = new Array(table.size);
      for (let row = 0; row < table.size; row++) {
        features[row] = {
          type: 'Feature',
          id: row,
          geometry: { type: 'Point', coordinates: [lon[row], lat[row]] },
          properties: { task: taskState[row], heading: headingDeg[row] },
        };
      }
      (map!.getSource('bench') as GeoJSONSource).setData({ type: 'FeatureCollection', features });
    },
  };
}
