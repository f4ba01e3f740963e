import { BikeEventKind, BoatTaskState, TaskState, type BikeTotals, type BoatTotals, type TruckTotals } from '@urban-brain/proto';
import type { BikeCellTable, BikeTable, BoatTable, CorridorTable, FleetTotals, LiveTables, TruckTable } from '../live/live-tables';
import { corridorRowQuality } from '../map/corridor-quality';
import { noTrucksByTask, type TruckKpis } from './truck-kpis';

/** Trucks with a task (not idle, not unknown). */
export function trucksOnDuty(table: TruckTable): number {
  let onDuty = 0;
  for (let row = 0; row < table.size; row++) {
    const task = table.at('taskState', row);
    if (task !== TaskState.IDLE && task !== TaskState.UNSPECIFIED) onDuty++;
  }
  return onDuty;
}

// The KPI tiles show the gateway's fleet-wide figures: the tables hold only the
// map area the wall streams, so counting them shrinks the fleet to a district
// when the map zooms in or kiosk mode tours. Until the first figures arrive
// (an older gateway, the first instants of a connection) the tiles count what
// the tables hold and say "in view".

/** Where a KPI's figures come from: the whole fleet (gateway totals) or the entities in the map area. */
export type KpiScope = 'fleet' | 'view';

/** Trucks with a task (not idle, not unknown), from counts per task state. */
export function trucksOnDutyFrom(byTask: Record<TaskState, number>): number {
  let onDuty = 0;
  for (const [task, count] of Object.entries(byTask)) if (Number(task) !== TaskState.IDLE && Number(task) !== TaskState.UNSPECIFIED) onDuty += count;
  return onDuty;
}

export type TruckTileKpis = TruckKpis & { onDuty: number };

/** Fleet-wide truck figures from the gateway's totals. */
export function truckKpisFromTotals(totals: TruckTotals): TruckTileKpis {
  const byTask = noTrucksByTask();
  totals.byTaskState.forEach((count, task) => {
    byTask[task as TaskState] = count;
  });
  return { onMap: totals.total, moving: totals.moving, byTask, onDuty: trucksOnDutyFrom(byTask) };
}

/** Bike figures from the gateway's totals (each bike in one of in fence, outside, riding, faulty). */
export function bikeKpisFromTotals(totals: BikeTotals): BikeKpis {
  return { onMap: totals.total, outsideFence: totals.parkedOutsideFence, riding: totals.riding };
}

export function boatKpisFromTotals(totals: BoatTotals): BoatKpis {
  return { onMap: totals.total, working: totals.working, debrisKg: totals.debrisKg };
}

// What each tile shows: fleet-wide once the gateway sent that layer's totals,
// else counted from the tables (the callbacks run only then).

export function wallTruckKpis(totals: FleetTotals, inView: () => TruckTileKpis): TruckTileKpis & { scope: KpiScope } {
  return totals.trucks ? { ...truckKpisFromTotals(totals.trucks), scope: 'fleet' } : { ...inView(), scope: 'view' };
}

export function wallBikeKpis(totals: FleetTotals, tables: Pick<LiveTables, 'bikes' | 'bikeCells'>): BikeKpis & { scope: KpiScope } {
  return totals.bikes ? { ...bikeKpisFromTotals(totals.bikes), scope: 'fleet' } : { ...bikeKpisInView(tables), scope: 'view' };
}

export function wallBoatKpis(totals: FleetTotals, inView: () => BoatKpis): BoatKpis & { scope: KpiScope } {
  return totals.boats ? { ...boatKpisFromTotals(totals.boats), scope: 'fleet' } : { ...inView(), scope: 'view' };
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
    const quality = corridorRowQuality(table, row);
    if (table.at('observedAtMs', row) > 0) observed++;
    if (quality === 'green') inGreenWave++;
  }
  return { known: table.size, observed, inGreenWave };
}
