import { TaskState, TruckKind, type TruckReading } from '@urban-brain/proto';
import {
  findEnumProblem,
  findHeadingProblem,
  findIdProblem,
  findPositionProblem,
  findRangeProblem,
  findSeqProblem,
  findTimeProblem,
  firstProblem,
} from './device-field.checks';

// A compactor's legal gross load is far below this; more is a sensor fault.
const MAX_LOAD_KG = 40_000;
const MAX_SPEED_KMH = 200;

/** The first problem with a decoded reading, or null when it can be stored. */
export function findTruckReadingProblem(reading: TruckReading, now = Date.now()): string | null {
  return firstProblem(
    () => findIdProblem('truck_id', reading.truckId),
    () => findSeqProblem(reading.seq),
    () => findTimeProblem('recorded_at_ms', reading.recordedAtMs, now),
    () => findPositionProblem(reading.lon, reading.lat),
    () => findRangeProblem('speed_kmh', reading.speedKmh, 0, MAX_SPEED_KMH),
    () => findHeadingProblem('heading_deg', reading.headingDeg),
    () => findRangeProblem('load_kg', reading.loadKg, 0, MAX_LOAD_KG),
    () => findEnumProblem('task_state', reading.taskState, TaskState),
    () => findEnumProblem('kind', reading.kind, TruckKind),
  );
}
