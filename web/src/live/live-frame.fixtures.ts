import { create, toBinary } from '@bufbuild/protobuf';
import { LiveFrameSchema, TaskState, TruckColumnsSchema, TruckKind, type LiveFrame } from '@urban-brain/proto';

export interface FixtureTruck {
  id: string;
  lon: number;
  lat: number;
  speedKmh?: number;
  headingDeg?: number;
  task?: TaskState;
  seq?: number;
  recordedAtMs?: number;
  receivedAtMs?: number;
}

/** A LiveFrame as the gateway would send it, for specs. */
export function liveFrame(options: { snapshot: boolean; frameSeq?: number; trucks?: FixtureTruck[]; removed?: string[] }): LiveFrame {
  const trucks = options.trucks ?? [];
  return create(LiveFrameSchema, {
    frameSeq: options.frameSeq ?? 1,
    sentAtMs: 1_750_000_000_000,
    snapshot: options.snapshot,
    removedTruckIds: options.removed ?? [],
    trucks: create(TruckColumnsSchema, {
      truckIds: trucks.map((t) => t.id),
      lon: trucks.map((t) => t.lon),
      lat: trucks.map((t) => t.lat),
      speedKmh: trucks.map((t) => t.speedKmh ?? 0),
      headingDeg: trucks.map((t) => t.headingDeg ?? 0),
      loadKg: trucks.map(() => 500),
      taskState: trucks.map((t) => t.task ?? TaskState.IDLE),
      kind: trucks.map(() => TruckKind.COMPACTOR),
      recordedAtMs: trucks.map((t) => t.recordedAtMs ?? 1_750_000_000_000),
      seq: trucks.map((t) => t.seq ?? 1),
      receivedAtMs: trucks.map((t) => t.receivedAtMs ?? 1_750_000_000_000),
    }),
  });
}

export const frameBytes = (frame: LiveFrame): Uint8Array => toBinary(LiveFrameSchema, frame);
