import { reactive, type InjectionKey } from 'vue';
import { KNOWN_WALL_LAYERS, type WallLayer } from '../live/wall-layers';

export type LayerVisibility = Record<WallLayer, boolean>;

/** Which live layers the map draws; the legend's checkboxes write it, each layer component reads its own flag. */
export const LAYER_VISIBILITY: InjectionKey<LayerVisibility> = Symbol('layer-visibility');

export const createLayerVisibility = (): LayerVisibility =>
  reactive(Object.fromEntries(KNOWN_WALL_LAYERS.map((layer) => [layer, true]))) as LayerVisibility;
