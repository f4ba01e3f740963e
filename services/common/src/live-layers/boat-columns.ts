import { create } from '@bufbuild/protobuf';
import { BoatColumnsSchema, type BoatColumns } from '@urban-brain/proto';
import type { LiveBoat } from './live-boat';

// Entry i of every list belongs to boat i.
export function toBoatColumns(boats: readonly LiveBoat[]): BoatColumns {
  const columns = create(BoatColumnsSchema);
  columns.boatIds = boats.map((b) => b.boatId);
  columns.lon = boats.map((b) => b.lon);
  columns.lat = boats.map((b) => b.lat);
  columns.speedKmh = boats.map((b) => b.speedKmh);
  columns.headingDeg = boats.map((b) => b.headingDeg);
  columns.debrisKg = boats.map((b) => b.debrisKg);
  columns.batteryPct = boats.map((b) => b.batteryPct);
  columns.taskState = boats.map((b) => b.taskState);
  columns.recordedAtMs = boats.map((b) => b.recordedAtMs);
  columns.seq = boats.map((b) => b.seq);
  columns.receivedAtMs = boats.map((b) => b.receivedAtMs);
  return columns;
}
