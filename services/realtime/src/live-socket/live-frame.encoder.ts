import { create, toBinary } from '@bufbuild/protobuf';
import { LiveFrameSchema, TruckColumnsSchema, type TruckColumns } from '@urban-brain/proto';
import type { LiveTruck } from '../truck-state/truck-live-state';

/** Trucks as the frame's columns: entry i of every list belongs to truck i. */
export function toTruckColumns(trucks: readonly LiveTruck[]): TruckColumns {
  const n = trucks.length;
  const columns = create(TruckColumnsSchema);
  columns.truckIds = new Array<string>(n);
  columns.lon = new Array<number>(n);
  columns.lat = new Array<number>(n);
  columns.speedKmh = new Array<number>(n);
  columns.headingDeg = new Array<number>(n);
  columns.loadKg = new Array<number>(n);
  columns.taskState = new Array(n);
  columns.kind = new Array(n);
  columns.recordedAtMs = new Array<number>(n);
  columns.seq = new Array<number>(n);
  columns.receivedAtMs = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t = trucks[i]!;
    columns.truckIds[i] = t.truckId;
    columns.lon[i] = t.lon;
    columns.lat[i] = t.lat;
    columns.speedKmh[i] = t.speedKmh;
    columns.headingDeg[i] = t.headingDeg;
    columns.loadKg[i] = t.loadKg;
    columns.taskState[i] = t.taskState;
    columns.kind[i] = t.kind;
    columns.recordedAtMs[i] = t.recordedAtMs;
    columns.seq[i] = t.seq;
    columns.receivedAtMs[i] = t.receivedAtMs;
  }
  return columns;
}

export interface LiveFrameParts {
  frameSeq: number;
  sentAtMs: number;
  snapshot: boolean;
  trucks: TruckColumns;
  removedTruckIds: string[];
}

export function encodeLiveFrame(parts: LiveFrameParts): Uint8Array {
  return toBinary(LiveFrameSchema, create(LiveFrameSchema, parts));
}
