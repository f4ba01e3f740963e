import type { BoatReading, BoatTaskState } from '@urban-brain/proto';
import { isNewerThanHeld } from './newer-than-held';

/** The newest reading of one cleanup boat as the gateway holds it. */
export interface LiveBoat {
  boatId: string;
  seq: number;
  recordedAtMs: number;
  lon: number;
  lat: number;
  speedKmh: number;
  headingDeg: number;
  debrisKg: number;
  batteryPct: number;
  taskState: BoatTaskState;
  receivedAtMs: number;
}

/** The boat's next live entry, or null when the reading is not newer than the one held. */
export const nextLiveBoat =
  (reading: BoatReading, receivedAtMs: number) =>
  (held: LiveBoat | undefined): LiveBoat | null => {
    const recordedAtMs = Number(reading.recordedAtMs);
    if (!isNewerThanHeld(held, recordedAtMs, reading.seq)) return null;
    return {
      boatId: reading.boatId,
      seq: reading.seq,
      recordedAtMs,
      lon: reading.lon,
      lat: reading.lat,
      speedKmh: reading.speedKmh,
      headingDeg: reading.headingDeg,
      debrisKg: reading.debrisKg,
      batteryPct: reading.batteryPct,
      taskState: reading.taskState,
      receivedAtMs,
    };
  };
