import type { GeoJSONSource, LayerSpecification, Map as MaplibreMap } from 'maplibre-gl';
import { inject, onBeforeUnmount, watch, type WatchSource } from 'vue';
import { CITY_MAP, UI_SCALE } from './map-context';

type GeoJsonData = Parameters<GeoJSONSource['setData']>[0];

export interface LiveGeojsonLayerOptions {
  source: string;
  /** The style layers drawing the source, bottom first. */
  layers: (scale: number) => LayerSpecification[];
  /** Builds the source data from the live table(s). */
  data: () => { type: 'FeatureCollection'; features: unknown[] };
  /** Anything that changes the data (a layer version, fetched geometry). */
  changes: WatchSource[];
  visible: () => boolean;
  /** No live data: the layer is drawn faded. [layer id, paint property, full opacity]. */
  stale: () => boolean;
  fade: [string, string, number][];
  /** Added below this layer when it exists, so the map keeps its order whichever layer re-adds itself first. */
  below?: string;
  beforeAdd?: (map: MaplibreMap) => void;
  onDrawn?: (features: number) => void;
  /** Whether MapLibre now draws the layer, read back from the map after each toggle. */
  onShown?: (shown: boolean) => void;
}

// One live map layer's life: add its source and style layers once the map has
// loaded (again when the UI scale changes), rebuild the source at most once per
// animation frame after its data changed, follow the legend's visibility toggle,
// and remove everything on unmount. Frames arrive several times a second; the
// draw is batched to the next animation frame so several frames cost one setData.
export function useLiveGeojsonLayer(options: LiveGeojsonLayerOptions): void {
  const map = inject(CITY_MAP)!;
  const uiScale = inject(UI_SCALE)!;
  let layerIds: string[] = [];
  let pending = 0;
  let dirty = true;

  const removeFrom = (m: MaplibreMap) => {
    for (const id of layerIds) if (m.getLayer(id)) m.removeLayer(id);
    if (m.getSource(options.source)) m.removeSource(options.source);
  };

  const applyLook = (m: MaplibreMap) => {
    const visibility = options.visible() ? 'visible' : 'none';
    for (const id of layerIds) if (m.getLayer(id)) m.setLayoutProperty(id, 'visibility', visibility);
    const first = layerIds.find((id) => m.getLayer(id));
    if (first) options.onShown?.(m.getLayoutProperty(first, 'visibility') !== 'none');
    const factor = options.stale() ? 0.3 : 1;
    for (const [id, property, opacity] of options.fade) if (m.getLayer(id)) m.setPaintProperty(id, property, opacity * factor);
  };

  const scheduleDraw = () => {
    dirty = true;
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      const source = map.value?.getSource(options.source) as GeoJSONSource | undefined;
      // A hidden layer is not rebuilt; it catches up when shown again.
      if (!source || !dirty || !options.visible()) return;
      dirty = false;
      const data = options.data();
      source.setData(data as unknown as GeoJsonData);
      options.onDrawn?.(data.features.length);
    });
  };

  watch(
    [map, uiScale],
    ([m, scale], before) => {
      const previous = before?.[0];
      if (previous && previous !== m) removeFrom(previous);
      if (!m) return;
      removeFrom(m);
      options.beforeAdd?.(m);
      m.addSource(options.source, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      const layers = options.layers(scale);
      layerIds = layers.map((layer) => layer.id);
      const below = options.below && m.getLayer(options.below) ? options.below : undefined;
      for (const layer of layers) m.addLayer(layer, below);
      applyLook(m);
      scheduleDraw();
    },
    { immediate: true },
  );
  watch(options.changes, scheduleDraw);
  watch([options.visible, options.stale], () => {
    if (!map.value) return;
    applyLook(map.value);
    scheduleDraw();
  });

  onBeforeUnmount(() => {
    cancelAnimationFrame(pending);
    pending = 0;
    if (map.value) removeFrom(map.value);
  });
}
