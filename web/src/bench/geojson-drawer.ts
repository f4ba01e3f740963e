import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import type { MovingEntities } from './moving-entities';
import { BENCH_STATE_COLORS, type EntityDrawer } from './entity-drawer';

// The baseline the benchmark compares against: what most dashboards do, one
// GeoJSON feature per entity rebuilt and handed to MapLibre's setData each update.
export function createGeojsonDrawer(): EntityDrawer {
  let map: MaplibreMap | null = null;
  return {
    name: 'geojson',
    attach(m) {
      map = m;
      m.addSource('bench', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      m.addLayer({
        id: 'bench-dot',
        type: 'circle',
        source: 'bench',
        paint: {
          'circle-radius': 3,
          'circle-color': ['match', ['get', 'state'], 0, rgb(BENCH_STATE_COLORS[0]), 1, rgb(BENCH_STATE_COLORS[1]), 2, rgb(BENCH_STATE_COLORS[2]), rgb(BENCH_STATE_COLORS[3])],
        },
      });
    },
    update(entities: MovingEntities) {
      const features = new Array(entities.count);
      for (let i = 0; i < entities.count; i++) {
        features[i] = {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [entities.positions[2 * i], entities.positions[2 * i + 1]] },
          properties: { state: entities.states[i] },
        };
      }
      (map!.getSource('bench') as GeoJSONSource).setData({ type: 'FeatureCollection', features });
    },
  };
}

const rgb = ([r, g, b]: readonly [number, number, number]) => `rgb(${r},${g},${b})`;
