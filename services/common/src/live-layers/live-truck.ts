import type { TaskState, TruckKind, TruckReading } from '@urban-brain/proto';
import { isNewerThanHeld } from './newer-than-held';

/** The newest reading of one truck as the gateway holds it. */
export interface LiveTruck {
  truckId: string;
  seq: number;
  recordedAtMs: number;
  lon: number;
  lat: number;
  speedKmh: number;
  headingDeg: number;
  loadKg: number;
  taskState: TaskState;
  kind: TruckKind;
  /** When the gateway read the reading from Kafka (gateway clock, epoch ms). */
  receivedAtMs: number;
}

/** The truck's next live entry, or null when the reading is not newer than the one held. */
export const nextLiveTruck =
  (reading: TruckReading, receivedAtMs: number) =>
  (held: LiveTruck | undefined): LiveTruck | null => {
    const recordedAtMs = Number(reading.recordedAtMs);
    if (!isNewerThanHeld(held, recordedAtMs, reading.seq)) return null;
    return {
      truckId: reading.truckId,
      seq: reading.seq,
      recordedAtMs,
      lon: reading.lon,
      lat: reading.lat,
      speedKmh: reading.speedKmh,
      headingDeg: reading.headingDeg,
      loadKg: reading.loadKg,
      taskState: reading.taskState,
      kind: reading.kind,
      receivedAtMs,
    };
  };
