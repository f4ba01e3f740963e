import type { LiveLayer } from '@urban-brain/proto';

// The wall's layers are the contract's (proto's LIVE_LAYERS, in legend order):
// it subscribes to, draws, toggles and reports every one of them. An open call
// is selectable on its own but comes in the ambulances' frames.

/** What a selection names: an entity of a live layer, or an open call (drawn with the ambulances). */
export type SelectableLayer = LiveLayer | 'calls';

/** The layer whose frames change a selectable entity: calls come with the ambulances. */
export const liveLayerOf = (layer: SelectableLayer): LiveLayer => (layer === 'calls' ? 'ambulances' : layer);
