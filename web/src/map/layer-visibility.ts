import { reactive, type InjectionKey } from 'vue';
import { LIVE_LAYERS, type LiveLayer } from '@urban-brain/proto';

export type LayerVisibility = Record<LiveLayer, boolean>;

/** Which live layers the map draws; the legend's checkboxes write it, each layer component reads its own flag. */
export const LAYER_VISIBILITY: InjectionKey<LayerVisibility> = Symbol('layer-visibility');

export const createLayerVisibility = (): LayerVisibility =>
  reactive(Object.fromEntries(LIVE_LAYERS.map((layer) => [layer, true]))) as LayerVisibility;
