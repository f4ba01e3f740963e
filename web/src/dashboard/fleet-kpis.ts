import { BikeEventKind, BoatTaskState, TaskState } from '@urban-brain/proto';
import type { BikeCellTable, BikeTable, BoatTable, CorridorTable } from '../live/live-tables';
import type { TruckTable } from '../live/truck-table';
import { corridorQuality } from '../map/corridor-quality';

/** Trucks with a task (not idle, not unknown). */
export function trucksOnDuty(table: TruckTable): number {
  let onDuty = 0;
  for (let row = 0; row < table.size; row++) {
    const task = table.taskOf(row);
    if (task !== TaskState.IDLE && task !== TaskState.UNSPECIFIED) onDuty++;
  }
  return onDuty;
}

export interface BikeKpis {
  onMap: number;
  /** Parked outside every fence (a bike being ridden is not parked anywhere). */
  outsideFence: number;
  riding: number;
}

export function bikeKpis(table: BikeTable): BikeKpis {
  let outsideFence = 0;
  let riding = 0;
  for (let row = 0; row < table.size; row++) {
    if (table.at('lastEvent', row) === BikeEventKind.TRIP_START) riding++;
    else if (table.at('inFence', row) === 0) outsideFence++;
  }
  return { onMap: table.size, outsideFence, riding };
}

/**
 * Bikes in the map area the wall subscribed to, whichever way the gateway sends
 * them: individual bikes when zoomed in, grid cells with counts when zoomed out
 * (one of the two tables is always empty). The gateway sends bikes only for the
 * area, so this is the fleet only while the whole city is in view.
 */
export function bikeKpisInView(tables: { bikes: BikeTable; bikeCells: BikeCellTable }): BikeKpis {
  const points = bikeKpis(tables.bikes);
  const cells = tables.bikeCells;
  let onMap = points.onMap;
  let outsideFence = points.outsideFence;
  let riding = points.riding;
  for (let row = 0; row < cells.size; row++) {
    onMap += cells.at('bikes', row);
    outsideFence += cells.at('outsideFence', row);
    riding += cells.at('riding', row);
  }
  return { onMap, outsideFence, riding };
}

export interface BoatKpis {
  onMap: number;
  /** Out sweeping the lake. */
  working: number;
  /** Sum of every boat's latest shift total (debris_kg is cumulative per shift). */
  debrisKg: number;
}

export function boatKpis(table: BoatTable): BoatKpis {
  let working = 0;
  let debrisKg = 0;
  for (let row = 0; row < table.size; row++) {
    if (table.at('taskState', row) === BoatTaskState.SWEEPING) working++;
    debrisKg += table.at('debrisKg', row);
  }
  return { onMap: table.size, working, debrisKg };
}

export interface CorridorKpis {
  /** Corridors the gateway has heard of (signal phases or observations). */
  known: number;
  /** Corridors with an observation. */
  observed: number;
  inGreenWave: number;
}

export function corridorKpis(table: CorridorTable): CorridorKpis {
  let observed = 0;
  let inGreenWave = 0;
  for (let row = 0; row < table.size; row++) {
    const quality = corridorQuality(table.at('arrivalsOnGreenPct', row), table.at('observedAtMs', row), table.at('darkIntersections', row));
    if (table.at('observedAtMs', row) > 0) observed++;
    if (quality === 'green') inGreenWave++;
  }
  return { known: table.size, observed, inGreenWave };
}
