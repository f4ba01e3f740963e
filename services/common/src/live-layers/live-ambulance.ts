import type { AmbulanceReading, AmbulanceState } from '@urban-brain/proto';
import { isNewerThanHeld } from './newer-than-held';

/** The newest fix of one "120" ambulance as the gateway holds it. */
export interface LiveAmbulance {
  ambulanceId: string;
  seq: number;
  recordedAtMs: number;
  lon: number;
  lat: number;
  speedKmh: number;
  headingDeg: number;
  state: AmbulanceState;
  /** The call it works on; empty while available or returning. */
  callId: string;
  stationId: string;
  /** When the gateway read the reading from Kafka (gateway clock, epoch ms). */
  receivedAtMs: number;
}

/** The ambulance's next live entry, or null when the reading is not newer than the one held. */
export const nextLiveAmbulance =
  (reading: AmbulanceReading, receivedAtMs: number) =>
  (held: LiveAmbulance | undefined): LiveAmbulance | null => {
    const recordedAtMs = Number(reading.recordedAtMs);
    if (!isNewerThanHeld(held, recordedAtMs, reading.seq)) return null;
    return {
      ambulanceId: reading.ambulanceId,
      seq: reading.seq,
      recordedAtMs,
      lon: reading.lon,
      lat: reading.lat,
      speedKmh: reading.speedKmh,
      headingDeg: reading.headingDeg,
      state: reading.state,
      callId: reading.callId,
      stationId: reading.stationId,
      receivedAtMs,
    };
  };
