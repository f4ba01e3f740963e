import { BikeEventKind, type BikeEvent } from '@urban-brain/proto';
import { isNewerThanHeld } from './newer-than-held';

/** The newest event of one shared bike as the gateway holds it. */
export interface LiveBike {
  bikeId: string;
  seq: number;
  recordedAtMs: number;
  lon: number;
  lat: number;
  inFence: boolean;
  fenceId: string;
  isEbike: boolean;
  batteryPct: number;
  lastEvent: BikeEventKind;
  receivedAtMs: number;
}

/** The bike's next live entry, or null when the event is not newer than the one held. */
export const nextLiveBike =
  (event: BikeEvent, receivedAtMs: number) =>
  (held: LiveBike | undefined): LiveBike | null => {
    const recordedAtMs = Number(event.recordedAtMs);
    if (!isNewerThanHeld(held, recordedAtMs, event.seq)) return null;
    return {
      bikeId: event.bikeId,
      seq: event.seq,
      recordedAtMs,
      lon: event.lon,
      lat: event.lat,
      inFence: event.inFence,
      fenceId: event.fenceId,
      isEbike: event.isEbike,
      // A pedal bike's battery field means nothing (the contract says send 0); keep it 0.
      batteryPct: event.isEbike ? event.batteryPct : 0,
      lastEvent: event.kind,
      receivedAtMs,
    };
  };

export const isRiding = (bike: LiveBike): boolean => bike.lastEvent === BikeEventKind.TRIP_START;
export const isFaulty = (bike: LiveBike): boolean => bike.lastEvent === BikeEventKind.FAULT;
/** Counts toward its fence's occupancy: parked (not ridden) inside a named fence. */
export const isParkedInFence = (bike: LiveBike): boolean => bike.inFence && bike.fenceId !== '' && !isRiding(bike);
