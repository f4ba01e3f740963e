import { markRaw } from 'vue';
import type { LiveFrame, LiveLayer } from '@urban-brain/proto';
import { ColumnTable } from './column-table';
import { TruckTable } from './truck-table';

// The columns the wall keeps per layer (what the map and the KPI tiles read).
export const BIKE_COLUMNS = ['lon', 'lat', 'inFence', 'isEbike', 'batteryPct', 'lastEvent'] as const;
export const BOAT_COLUMNS = ['lon', 'lat', 'speedKmh', 'headingDeg', 'debrisKg', 'batteryPct', 'taskState'] as const;
export const CORRIDOR_COLUMNS = [
  'arrivalsOnGreenPct',
  'travelTimeRatio',
  'stops',
  'observedAtMs',
  'signalGroupsDark',
  'darkIntersections',
  'intersections',
] as const;

export type BikeTable = ColumnTable<(typeof BIKE_COLUMNS)[number]>;
export type BoatTable = ColumnTable<(typeof BOAT_COLUMNS)[number]>;
export type CorridorTable = ColumnTable<(typeof CORRIDOR_COLUMNS)[number]>;

export interface LiveTables {
  trucks: TruckTable;
  bikes: BikeTable;
  boats: BoatTable;
  corridors: CorridorTable;
}

/** Fresh, non-reactive tables for every layer. */
export function createLiveTables(): LiveTables {
  return {
    trucks: markRaw(new TruckTable()),
    bikes: markRaw(new ColumnTable(BIKE_COLUMNS)),
    boats: markRaw(new ColumnTable(BOAT_COLUMNS)),
    corridors: markRaw(new ColumnTable(CORRIDOR_COLUMNS)),
  };
}

/** Applies a frame to every table; returns the layers it changed (a snapshot changes every layer). */
export function applyFrameToTables(frame: LiveFrame, tables: LiveTables): LiveLayer[] {
  const changed: LiveLayer[] = [];
  const touched = (columnIds: readonly string[] | undefined, removed: readonly string[]) =>
    frame.snapshot || (columnIds?.length ?? 0) > 0 || removed.length > 0;
  if (touched(frame.trucks?.truckIds, frame.removedTruckIds)) {
    tables.trucks.applyFrame(frame);
    changed.push('trucks');
  }
  if (touched(frame.bikes?.bikeIds, frame.removedBikeIds)) {
    tables.bikes.apply(frame.snapshot, frame.removedBikeIds, frame.bikes?.bikeIds ?? [], frame.bikes);
    changed.push('bikes');
  }
  if (touched(frame.boats?.boatIds, frame.removedBoatIds)) {
    tables.boats.apply(frame.snapshot, frame.removedBoatIds, frame.boats?.boatIds ?? [], frame.boats);
    changed.push('boats');
  }
  if (touched(frame.corridors?.corridorIds, frame.removedCorridorIds)) {
    tables.corridors.apply(frame.snapshot, frame.removedCorridorIds, frame.corridors?.corridorIds ?? [], frame.corridors);
    changed.push('corridors');
  }
  return changed;
}
