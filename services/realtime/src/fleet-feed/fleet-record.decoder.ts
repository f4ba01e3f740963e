import {
  decodeBikeEvent,
  decodeBoatReading,
  decodeCorridorObservation,
  decodeSignalPhaseChange,
  decodeTruckReading,
  findBikeEventProblem,
  findBoatReadingProblem,
  findCorridorObservationProblem,
  findSignalPhaseChangeProblem,
  findTruckReadingProblem,
  type FleetDecodeResult,
} from '@urban-brain/common';
import type { BikeEvent, BoatReading, CorridorObservation, SignalPhaseChange, TruckReading } from '@urban-brain/proto';

/** A fleet message the gateway accepted, tagged with what it is. */
export type FleetRecord =
  | { kind: 'truck'; message: TruckReading }
  | { kind: 'bike'; message: BikeEvent }
  | { kind: 'boat'; message: BoatReading }
  | { kind: 'signalPhase'; message: SignalPhaseChange }
  | { kind: 'corridor'; message: CorridorObservation };

export type FleetRecordKind = FleetRecord['kind'];

const decodeChecked = <T>(
  decoded: FleetDecodeResult<T>,
  findProblem: (message: T, now: number) => string | null,
  now: number,
): { ok: true; message: T } | { ok: false; error: string } => {
  if (!decoded.ok) return decoded;
  const problem = findProblem(decoded.message, now);
  return problem === null ? decoded : { ok: false, error: problem };
};

/** Decodes and validates one Kafka value as the message its topic carries (the same rules ingest applies). */
export function decodeFleetRecord(
  kind: FleetRecordKind,
  value: Uint8Array,
  contentType: string | undefined,
  now: number,
): { ok: true; record: FleetRecord } | { ok: false; error: string } {
  switch (kind) {
    case 'truck': {
      const result = decodeChecked(decodeTruckReading(value, contentType), findTruckReadingProblem, now);
      return result.ok ? { ok: true, record: { kind, message: result.message } } : result;
    }
    case 'bike': {
      const result = decodeChecked(decodeBikeEvent(value, contentType), findBikeEventProblem, now);
      return result.ok ? { ok: true, record: { kind, message: result.message } } : result;
    }
    case 'boat': {
      const result = decodeChecked(decodeBoatReading(value, contentType), findBoatReadingProblem, now);
      return result.ok ? { ok: true, record: { kind, message: result.message } } : result;
    }
    case 'signalPhase': {
      const result = decodeChecked(decodeSignalPhaseChange(value, contentType), findSignalPhaseChangeProblem, now);
      return result.ok ? { ok: true, record: { kind, message: result.message } } : result;
    }
    case 'corridor': {
      const result = decodeChecked(decodeCorridorObservation(value, contentType), findCorridorObservationProblem, now);
      return result.ok ? { ok: true, record: { kind, message: result.message } } : result;
    }
  }
}
