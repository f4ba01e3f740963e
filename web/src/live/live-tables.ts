import { markRaw } from 'vue';
import { BikeView, type AmbulanceTotals, type BikeTotals, type BoatTotals, type LiveFrame, type LiveLayer, type TruckTotals } from '@urban-brain/proto';
import { ColumnTable } from './column-table';

// The columns the wall keeps per layer (what the map, the KPI tiles and the entity panel read).
export const TRUCK_COLUMNS = ['lon', 'lat', 'speedKmh', 'headingDeg', 'loadKg', 'taskState', 'kind', 'seq', 'recordedAtMs', 'receivedAtMs'] as const;
export const BIKE_COLUMNS = ['lon', 'lat', 'inFence', 'isEbike', 'batteryPct', 'lastEvent'] as const;
export const BOAT_COLUMNS = ['lon', 'lat', 'speedKmh', 'headingDeg', 'debrisKg', 'batteryPct', 'taskState'] as const;
export const CORRIDOR_COLUMNS = [
  'arrivalsOnGreenPct',
  'travelTimeRatio',
  'stops',
  'vehicles',
  'observedAtMs',
  'signalGroupsDark',
  'darkIntersections',
  'intersections',
] as const;

// Bikes in "cells" view (zoomed out): one row per grid cell id ("z/x/y"), at the mean position of its bikes.
export const BIKE_CELL_COLUMNS = ['lon', 'lat', 'bikes', 'outsideFence', 'riding', 'faulty'] as const;
// Bikes parked per parking fence (row id = fence id; capacity comes from the city pack). A fence
// the gateway never reported, or reported at 0, has no bikes parked.
export const FENCE_COLUMNS = ['parked'] as const;
// "120" ambulances (the state colours the dot) and, in text columns, the call each works on and its station.
export const AMBULANCE_COLUMNS = ['lon', 'lat', 'speedKmh', 'headingDeg', 'state', 'seq', 'recordedAtMs', 'receivedAtMs'] as const;
export const AMBULANCE_TEXT_COLUMNS = ['callIds', 'stationIds'] as const;
// Open "120" calls, where the patient is; a closed call leaves the table. Its ambulance,
// hospital and district are ids in text columns.
export const CALL_COLUMNS = ['lon', 'lat', 'stage', 'priority', 'receivedAtMs', 'updatedAtMs'] as const;
export const CALL_TEXT_COLUMNS = ['ambulanceIds', 'hospitalIds', 'districtIds'] as const;

export type TruckTable = ColumnTable<(typeof TRUCK_COLUMNS)[number]>;
export type BikeTable = ColumnTable<(typeof BIKE_COLUMNS)[number]>;
export type BikeCellTable = ColumnTable<(typeof BIKE_CELL_COLUMNS)[number]>;
export type FenceTable = ColumnTable<(typeof FENCE_COLUMNS)[number]>;
export type BoatTable = ColumnTable<(typeof BOAT_COLUMNS)[number]>;
export type CorridorTable = ColumnTable<(typeof CORRIDOR_COLUMNS)[number]>;
export type AmbulanceTable = ColumnTable<(typeof AMBULANCE_COLUMNS)[number], (typeof AMBULANCE_TEXT_COLUMNS)[number]>;
export type CallTable = ColumnTable<(typeof CALL_COLUMNS)[number], (typeof CALL_TEXT_COLUMNS)[number]>;

export interface LiveTables {
  trucks: TruckTable;
  /** Individual bikes: filled in "points" view, empty in "cells" view. */
  bikes: BikeTable;
  /** Bike grid cells: filled in "cells" view, empty in "points" view. */
  bikeCells: BikeCellTable;
  /** Fence occupancy, in both views. */
  fences: FenceTable;
  boats: BoatTable;
  corridors: CorridorTable;
  /** The ambulance layer is two tables: the ambulances and the open calls. */
  ambulances: AmbulanceTable;
  calls: CallTable;
}

/** Fresh, non-reactive tables for every layer. */
export function createLiveTables(): LiveTables {
  return {
    trucks: markRaw(new ColumnTable(TRUCK_COLUMNS)),
    bikes: markRaw(new ColumnTable(BIKE_COLUMNS)),
    bikeCells: markRaw(new ColumnTable(BIKE_CELL_COLUMNS)),
    fences: markRaw(new ColumnTable(FENCE_COLUMNS)),
    boats: markRaw(new ColumnTable(BOAT_COLUMNS)),
    corridors: markRaw(new ColumnTable(CORRIDOR_COLUMNS)),
    ambulances: markRaw(new ColumnTable(AMBULANCE_COLUMNS, AMBULANCE_TEXT_COLUMNS)),
    calls: markRaw(new ColumnTable(CALL_COLUMNS, CALL_TEXT_COLUMNS)),
  };
}

/** Applies a frame to every table; returns the layers it changed (a snapshot changes every layer). */
export function applyFrameToTables(frame: LiveFrame, tables: LiveTables): LiveLayer[] {
  const changed: LiveLayer[] = [];
  const touched = (columnIds: readonly string[] | undefined, removed: readonly string[]) =>
    frame.snapshot || (columnIds?.length ?? 0) > 0 || removed.length > 0;
  if (touched(frame.trucks?.truckIds, frame.removedTruckIds)) {
    tables.trucks.apply(frame.snapshot, frame.removedTruckIds, frame.trucks?.truckIds ?? [], frame.trucks);
    changed.push('trucks');
  }
  // The bike layer is points, cells and fences together: any of them changing bumps 'bikes'.
  let bikesChanged = false;
  if (touched(frame.bikes?.bikeIds, frame.removedBikeIds)) {
    tables.bikes.apply(frame.snapshot, frame.removedBikeIds, frame.bikes?.bikeIds ?? [], frame.bikes);
    bikesChanged = true;
  }
  // Cells come whole when present (absent = unchanged); a snapshot without them (points view) clears them.
  if (frame.bikeCells || (frame.snapshot && tables.bikeCells.size > 0)) {
    tables.bikeCells.apply(true, [], frame.bikeCells?.cellIds ?? [], frame.bikeCells);
    bikesChanged = true;
  }
  if (touched(frame.fences?.fenceIds, [])) {
    tables.fences.apply(frame.snapshot, [], frame.fences?.fenceIds ?? [], frame.fences);
    bikesChanged = true;
  }
  if (bikesChanged) changed.push('bikes');
  if (touched(frame.boats?.boatIds, frame.removedBoatIds)) {
    tables.boats.apply(frame.snapshot, frame.removedBoatIds, frame.boats?.boatIds ?? [], frame.boats);
    changed.push('boats');
  }
  if (touched(frame.corridors?.corridorIds, frame.removedCorridorIds)) {
    tables.corridors.apply(frame.snapshot, frame.removedCorridorIds, frame.corridors?.corridorIds ?? [], frame.corridors);
    changed.push('corridors');
  }
  // The ambulance layer is ambulances and calls together: either changing bumps it.
  let ambulancesChanged = false;
  if (touched(frame.ambulances?.ambulanceIds, frame.removedAmbulanceIds)) {
    tables.ambulances.apply(frame.snapshot, frame.removedAmbulanceIds, frame.ambulances?.ambulanceIds ?? [], frame.ambulances);
    ambulancesChanged = true;
  }
  if (touched(frame.calls?.callIds, frame.removedCallIds)) {
    tables.calls.apply(frame.snapshot, frame.removedCallIds, frame.calls?.callIds ?? [], frame.calls);
    ambulancesChanged = true;
  }
  if (ambulancesChanged) changed.push('ambulances');
  return changed;
}

/** How the frame represents bikes, or undefined when it does not say (a frame without the bike layer). */
export function bikeViewOf(frame: LiveFrame): 'points' | 'cells' | undefined {
  if (frame.bikeView === BikeView.CELLS) return 'cells';
  if (frame.bikeView === BikeView.POINTS) return 'points';
  return undefined;
}

/**
 * Bikes the wall represents now, whatever the view: the points held, plus the
 * bikes counted in the cells held (one of the two is always empty). What the
 * debug hook reports as `layers().bikes` and what a bike KPI should count.
 */
export function bikesRepresented(tables: Pick<LiveTables, 'bikes' | 'bikeCells'>): number {
  let total = tables.bikes.size;
  const counts = tables.bikeCells.columns.bikes;
  for (let row = 0; row < tables.bikeCells.size; row++) total += counts[row]!;
  return total;
}

/**
 * The gateway's fleet-wide figures per positioned layer, whatever the map area
 * the wall streams (the tables hold only that area). A layer is absent until
 * its first figures arrive.
 */
export interface FleetTotals {
  trucks?: TruckTotals;
  bikes?: BikeTotals;
  boats?: BoatTotals;
  ambulances?: AmbulanceTotals;
}

/** The totals after a frame: `held` itself when the frame brings none (the gateway omits unchanged ones), else a new object. */
export function totalsAfter(frame: LiveFrame, held: FleetTotals): FleetTotals {
  if (!frame.truckTotals && !frame.bikeTotals && !frame.boatTotals && !frame.ambulanceTotals) return held;
  return {
    trucks: frame.truckTotals ?? held.trucks,
    bikes: frame.bikeTotals ?? held.bikes,
    boats: frame.boatTotals ?? held.boats,
    ambulances: frame.ambulanceTotals ?? held.ambulances,
  };
}
