import { LIVE_LAYERS, type LiveLayer } from '@urban-brain/proto';
import { AMBULANCE_TOTALS } from './ambulances/ambulance-totals';
import { AMBULANCES_LIVE_LAYER, CALLS_LIVE_TABLE, LIVE_AMBULANCE_READINGS, LIVE_EMERGENCY_CALLS } from './ambulances/ambulances.live-fleet';
import { type LiveAmbulance, type LiveBike, type LiveBoat, type LiveCall, type LiveCorridor, type LiveTruck } from '@urban-brain/common';
import { BIKE_TOTALS } from './bikes/bike-totals';
import { BIKES_LIVE_LAYER, LIVE_BIKE_EVENTS } from './bikes/bikes.live-fleet';
import { BOAT_TOTALS } from './boats/boat-totals';
import { BOATS_LIVE_LAYER, LIVE_BOAT_READINGS } from './boats/boats.live-fleet';
import type { LiveLayerEntry, LiveLayerTotals } from './live-layer';
import type { LiveStream } from './live-stream';
import { CORRIDORS_LIVE_LAYER, LIVE_CORRIDOR_OBSERVATIONS, LIVE_SIGNAL_PHASES } from './signals/signals.live-fleet';
import { TRUCK_TOTALS } from './trucks/truck-totals';
import { LIVE_TRUCK_READINGS, TRUCKS_LIVE_LAYER } from './trucks/trucks.live-fleet';

// The live fleets: everything the gateway does per fleet is in the fleet's folder beside this
// file, and found here, so nothing else asks which fleet a message or a layer is. A new fleet is
// a folder and a line in each table below (its streams, its layer's tables and their entities
// and entries, its totals).

/** The entity each live table holds, one per id. A layer's own table is named like the layer. */
export interface LiveTableEntries {
  trucks: LiveTruck;
  bikes: LiveBike;
  boats: LiveBoat;
  corridors: LiveCorridor;
  ambulances: LiveAmbulance;
  calls: LiveCall;
}

export type LiveTable = keyof LiveTableEntries;

/** The entity each live layer holds in its own table. */
export type LiveLayerEntries = Pick<LiveTableEntries, LiveLayer>;

/**
 * The tables each layer carries: its own first, then any others it sends along with their own
 * columns and removals. The tables of a layer share its version, its feed health and its totals.
 */
export const LIVE_LAYER_TABLES: { readonly [L in LiveLayer]: readonly [L, ...LiveTable[]] } = {
  trucks: ['trucks'],
  bikes: ['bikes'],
  boats: ['boats'],
  corridors: ['corridors'],
  ambulances: ['ambulances', 'calls'],
};

/** Every live table, each layer's own first. */
export const LIVE_TABLES: readonly LiveTable[] = LIVE_LAYERS.flatMap((layer) => LIVE_LAYER_TABLES[layer]);

/** Every fleet stream the gateway reads, each into a table of its live layer. */
export const LIVE_STREAMS: readonly LiveStream[] = [
  LIVE_TRUCK_READINGS,
  LIVE_BIKE_EVENTS,
  LIVE_BOAT_READINGS,
  LIVE_SIGNAL_PHASES,
  LIVE_CORRIDOR_OBSERVATIONS,
  LIVE_AMBULANCE_READINGS,
  LIVE_EMERGENCY_CALLS,
];

/** How each table goes out in frames (a layer's own table: also the layer's view, when not its tables cut to the area). */
export const LIVE_TABLE_ENTRIES: { readonly [T in LiveTable]: LiveLayerEntry<LiveTableEntries[T]> } = {
  trucks: TRUCKS_LIVE_LAYER,
  bikes: BIKES_LIVE_LAYER,
  boats: BOATS_LIVE_LAYER,
  corridors: CORRIDORS_LIVE_LAYER,
  ambulances: AMBULANCES_LIVE_LAYER,
  calls: CALLS_LIVE_TABLE,
};

/** The layers with fleet-wide totals (corridors have none: every client gets all of them already). */
export const LIVE_LAYER_TOTALS = {
  trucks: TRUCK_TOTALS,
  bikes: BIKE_TOTALS,
  boats: BOAT_TOTALS,
  ambulances: AMBULANCE_TOTALS,
} satisfies { readonly [L in LiveLayer]?: LiveLayerTotals<LiveLayerEntries[L], unknown> };

export type TotalsLayer = keyof typeof LIVE_LAYER_TOTALS;

/** Each totals layer's figures. */
export type LayerTally = { [L in TotalsLayer]: ReturnType<(typeof LIVE_LAYER_TOTALS)[L]['tally']> };
