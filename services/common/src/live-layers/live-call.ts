import { CallStage, type EmergencyCallEvent } from '@urban-brain/proto';
import { isNewerThanHeld } from './newer-than-held';

/** A "120" emergency call as the gateway holds it: where it stands now (its newest step). */
export interface LiveCall {
  callId: string;
  seq: number;
  /** Device time of the newest step (epoch ms). */
  recordedAtMs: number;
  stage: CallStage;
  /** When the dispatch centre took the call (epoch ms): what the wall ages the marker from. */
  receivedAtMs: number;
  lon: number;
  lat: number;
  priority: number;
  /** Empty while RECEIVED. */
  ambulanceId: string;
  /** Set from TRANSPORTING on. */
  hospitalId: string;
  districtId: string;
  /** When the gateway read the newest step from Kafka (gateway clock, epoch ms). */
  updatedAtMs: number;
}

/** A closed call has left the map; it is held on only to refuse late steps (LiveLayerEntry.hasEnded). */
export const isClosed = (call: LiveCall): boolean => call.stage === CallStage.CLOSED;

/** The call's next live entry, or null when the step is not newer than the one held. */
export const nextLiveCall =
  (event: EmergencyCallEvent, updatedAtMs: number) =>
  (held: LiveCall | undefined): LiveCall | null => {
    const recordedAtMs = Number(event.recordedAtMs);
    if (!isNewerThanHeld(held, recordedAtMs, event.seq)) return null;
    return {
      callId: event.callId,
      seq: event.seq,
      recordedAtMs,
      stage: event.stage,
      receivedAtMs: Number(event.receivedAtMs),
      lon: event.lon,
      lat: event.lat,
      priority: event.priority,
      ambulanceId: event.ambulanceId,
      hospitalId: event.hospitalId,
      districtId: event.districtId,
      updatedAtMs,
    };
  };
