import { create, toBinary } from '@bufbuild/protobuf';
import { LiveFrameSchema, TaskState, TruckKind } from '@urban-brain/proto';
import type { MovingEntities } from './moving-entities';

// What the gateway would send for the benchmark fleet: each entity reports once a
// second, so each 100 ms frame carries a tenth of them (a full snapshot first).
// Encoding is the gateway's work and is not timed; the page times what the
// browser does with the bytes.
export const FRAMES_PER_SECOND = 10;

const TASKS = [TaskState.SWEEPING, TaskState.SPRINKLING, TaskState.COLLECTING, TaskState.TO_TRANSFER_STATION];

export function encodeFleetFrame(entities: MovingEntities, frameSeq: number, nowMs: number): Uint8Array {
  const snapshot = frameSeq === 1;
  const slice = frameSeq % FRAMES_PER_SECOND;
  const rows: number[] = [];
  for (let i = 0; i < entities.count; i++) if (snapshot || i % FRAMES_PER_SECOND === slice) rows.push(i);
  const column = <T>(pick: (i: number) => T) => rows.map(pick);
  return toBinary(
    LiveFrameSchema,
    create(LiveFrameSchema, {
      frameSeq,
      sentAtMs: nowMs,
      snapshot,
      trucks: {
        truckIds: column((i) => `T${i}`),
        lon: column((i) => entities.positions[2 * i]!),
        lat: column((i) => entities.positions[2 * i + 1]!),
        speedKmh: column(() => 24),
        headingDeg: column((i) => ((Math.atan2(entities.velocities[2 * i]!, entities.velocities[2 * i + 1]!) * 180) / Math.PI + 360) % 360),
        loadKg: column(() => 0),
        taskState: column((i) => TASKS[entities.states[i]! & 3]!),
        kind: column(() => TruckKind.COMPACTOR),
        recordedAtMs: column(() => nowMs),
        seq: column(() => frameSeq),
        receivedAtMs: column(() => nowMs),
      },
    }),
  );
}
