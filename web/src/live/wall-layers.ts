import { LIVE_LAYERS, type LiveLayer } from '@urban-brain/proto';

// The wall's layers are the gateway's (proto's LiveLayer) plus the "120"
// ambulances, which the gateway will send under the live layer name
// 'ambulances' but which proto's LiveLayer does not list yet. Everything for
// them is built and keyed by WallLayer (tables, versions, map layer, legend,
// KPI tile, entity panel); whether the wall subscribes to them and shows them
// is the one switch below.

/** The ambulance fleet's live layer name (ambulances and the open calls they answer). */
export const AMBULANCE_LAYER = 'ambulances';

/** A layer the wall knows: one of the gateway's, or the ambulances. */
export type WallLayer = LiveLayer | typeof AMBULANCE_LAYER;

/** Every layer the wall keeps tables and per-layer versions for, shown or not, in legend order. */
export const KNOWN_WALL_LAYERS: readonly WallLayer[] = [...new Set<WallLayer>([...LIVE_LAYERS, AMBULANCE_LAYER])];

/**
 * THE SWITCH for the ambulance layer. false while proto's LIVE_LAYERS lacks
 * 'ambulances': the gateway refuses a whole subscription that names a layer it
 * does not know (UNKNOWN_LAYER). Set it to true in the change that adds
 * 'ambulances' to LIVE_LAYERS: the wall then subscribes to the layer and shows
 * its legend toggle, map layer and KPI tile, and the debug hook reports it.
 */
export const AMBULANCES_ON_WALL: boolean = true;

/** The layers the wall subscribes to, draws, offers toggles for and reports, in legend order. */
export const WALL_LAYERS: readonly WallLayer[] = KNOWN_WALL_LAYERS.filter((layer) => layer !== AMBULANCE_LAYER || AMBULANCES_ON_WALL);

const isLiveLayer = (layer: WallLayer): layer is LiveLayer => (LIVE_LAYERS as readonly string[]).includes(layer);

/** What the subscribe request names: the wall's layers that the contract lists, never one the gateway would refuse. */
export const SUBSCRIBED_LAYERS: readonly LiveLayer[] = WALL_LAYERS.filter(isLiveLayer);

/** Whether the wall shows a layer now (its toggle, map layer and tiles). */
export const wallShows = (layer: WallLayer): boolean => WALL_LAYERS.includes(layer);

/** What a selection names: an entity of a wall layer, or an open call (drawn with the ambulances). */
export type SelectableLayer = WallLayer | 'calls';

/** The layer whose frames change a selectable entity: calls come with the ambulances. */
export const liveLayerOf = (layer: SelectableLayer): WallLayer => (layer === 'calls' ? AMBULANCE_LAYER : layer);
