import { create } from '@bufbuild/protobuf';
import { BikeColumnsSchema, FenceColumnsSchema, type BikeColumns, type FenceColumns } from '@urban-brain/proto';
import { isParkedInFence, type LiveBike } from './live-bike';

/** Bikes parked in one parking fence, as a frame's fence columns carry it. */
export interface FenceParked {
  fenceId: string;
  parked: number;
}

// Entry i of every list belongs to bike (fence) i.
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

export function toFenceColumns(fences: readonly FenceParked[]): FenceColumns {
  const columns = create(FenceColumnsSchema);
  columns.fenceIds = fences.map((f) => f.fenceId);
  columns.parked = fences.map((f) => f.parked);
  return columns;
}

/** Bikes parked in each fence, fences with none left out (the occupancy rule the live gateway counts by). */
export function countParkedByFence(bikes: Iterable<LiveBike>): Map<string, number> {
  const parked = new Map<string, number>();
  for (const bike of bikes) if (isParkedInFence(bike)) parked.set(bike.fenceId, (parked.get(bike.fenceId) ?? 0) + 1);
  return parked;
}
