import { TaskState, TruckKind, type TruckReading } from '@urban-brain/proto';

// Readings more than this far in the future are refused: a device clock that
// wrong would poison every time-window query.
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
// 2000-01-01: older than any device in the fleet; catches unset times (0).
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const TRUCK_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** The first problem with a decoded reading, or null when it can be stored. */
export function findTruckReadingProblem(reading: TruckReading, now = Date.now()): string | null {
  if (!TRUCK_ID.test(reading.truckId)) return `truck_id: must be 1-64 letters, digits or _.:- (got ${JSON.stringify(reading.truckId)})`;
  if (reading.seq < 1) return `seq: must start at 1 (got ${reading.seq})`;
  const recordedAtMs = Number(reading.recordedAtMs);
  if (recordedAtMs < EARLIEST_MS) return `recorded_at_ms: must be a time after 2000-01-01 (got ${recordedAtMs})`;
  if (recordedAtMs > now + MAX_CLOCK_SKEW_MS) return `recorded_at_ms: more than 5 minutes in the future (got ${new Date(recordedAtMs).toISOString()})`;
  if (!(reading.lon >= -180 && reading.lon <= 180)) return `lon: must be between -180 and 180 (got ${reading.lon})`;
  if (!(reading.lat >= -90 && reading.lat <= 90)) return `lat: must be between -90 and 90 (got ${reading.lat})`;
  if (reading.lon === 0 && reading.lat === 0) return 'lon/lat: 0,0 is a missing GPS fix';
  if (!(reading.speedKmh >= 0 && reading.speedKmh <= 200)) return `speed_kmh: must be between 0 and 200 (got ${reading.speedKmh})`;
  if (!(reading.headingDeg >= 0 && reading.headingDeg < 360)) return `heading_deg: must be in [0, 360) (got ${reading.headingDeg})`;
  if (!(reading.loadKg >= 0 && reading.loadKg <= 40_000)) return `load_kg: must be between 0 and 40000 (got ${reading.loadKg})`;
  if (!(reading.taskState in TaskState) || reading.taskState === TaskState.UNSPECIFIED) return `task_state: unknown value ${reading.taskState}`;
  if (!(reading.kind in TruckKind) || reading.kind === TruckKind.UNSPECIFIED) return `kind: unknown value ${reading.kind}`;
  return null;
}
