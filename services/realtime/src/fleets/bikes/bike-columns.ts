import { create } from '@bufbuild/protobuf';
import {
  BikeCellColumnsSchema,
  BikeColumnsSchema,
  FenceColumnsSchema,
  type BikeCellColumns,
  type BikeColumns,
  type FenceColumns,
} from '@urban-brain/proto';
import type { BikeCell } from './bike-cells';
import type { FenceCount } from './fence-occupancy';
import type { LiveBike } from './live-bike';

// Entry i of every list belongs to bike (cell, fence) i.

export function toBikeColumns(bikes: readonly LiveBike[]): BikeColumns {
  const columns = create(BikeColumnsSchema);
  columns.bikeIds = bikes.map((b) => b.bikeId);
  columns.lon = bikes.map((b) => b.lon);
  columns.lat = bikes.map((b) => b.lat);
  columns.inFence = bikes.map((b) => b.inFence);
  columns.fenceIds = bikes.map((b) => b.fenceId);
  columns.isEbike = bikes.map((b) => b.isEbike);
  columns.batteryPct = bikes.map((b) => b.batteryPct);
  columns.lastEvent = bikes.map((b) => b.lastEvent);
  columns.recordedAtMs = bikes.map((b) => b.recordedAtMs);
  columns.seq = bikes.map((b) => b.seq);
  columns.receivedAtMs = bikes.map((b) => b.receivedAtMs);
  return columns;
}

export function toBikeCellColumns(cells: readonly BikeCell[]): BikeCellColumns {
  const columns = create(BikeCellColumnsSchema);
  columns.cellIds = cells.map((c) => c.cellId);
  columns.lon = cells.map((c) => c.lon);
  columns.lat = cells.map((c) => c.lat);
  columns.bikes = cells.map((c) => c.bikes);
  columns.outsideFence = cells.map((c) => c.outsideFence);
  columns.riding = cells.map((c) => c.riding);
  columns.faulty = cells.map((c) => c.faulty);
  return columns;
}

export function toFenceColumns(fences: readonly FenceCount[]): FenceColumns {
  const columns = create(FenceColumnsSchema);
  columns.fenceIds = fences.map((f) => f.fenceId);
  columns.parked = fences.map((f) => f.parked);
  return columns;
}
