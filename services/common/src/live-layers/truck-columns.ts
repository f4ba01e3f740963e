import { create } from '@bufbuild/protobuf';
import { TruckColumnsSchema, type TruckColumns } from '@urban-brain/proto';
import type { LiveTruck } from './live-truck';

// Entry i of every list belongs to truck i: columns encode as packed arrays, far smaller than one object per truck.
export function toTruckColumns(trucks: readonly LiveTruck[]): TruckColumns {
  const columns = create(TruckColumnsSchema);
  columns.truckIds = trucks.map((t) => t.truckId);
  columns.lon = trucks.map((t) => t.lon);
  columns.lat = trucks.map((t) => t.lat);
  columns.speedKmh = trucks.map((t) => t.speedKmh);
  columns.headingDeg = trucks.map((t) => t.headingDeg);
  columns.loadKg = trucks.map((t) => t.loadKg);
  columns.taskState = trucks.map((t) => t.taskState);
  columns.kind = trucks.map((t) => t.kind);
  columns.recordedAtMs = trucks.map((t) => t.recordedAtMs);
  columns.seq = trucks.map((t) => t.seq);
  columns.receivedAtMs = trucks.map((t) => t.receivedAtMs);
  return columns;
}
