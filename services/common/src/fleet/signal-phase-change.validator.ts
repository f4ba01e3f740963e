import { MovementPhaseState, type SignalPhaseChange } from '@urban-brain/proto';
import { EARLIEST_MS, findEnumProblem, findIdProblem, findRangeProblem, findSeqProblem, findTimeProblem, firstProblem } from './device-field.checks';

// A phase lasting longer than this is a controller fault, not a plan.
const MAX_PHASE_MS = 60 * 60_000;

/** The first problem with a decoded signal phase change, or null when it can be stored. */
export function findSignalPhaseChangeProblem(change: SignalPhaseChange, now = Date.now()): string | null {
  return firstProblem(
    () => findIdProblem('intersection_id', change.intersectionId),
    () => (change.corridorId === '' ? null : findIdProblem('corridor_id', change.corridorId)),
    () => findSeqProblem(change.seq),
    () => findTimeProblem('recorded_at_ms', change.recordedAtMs, now),
    () => findRangeProblem('signal_group', change.signalGroup, 1, 255),
    () => findEnumProblem('phase_state', change.phaseState, MovementPhaseState),
    () => findTimeProblem('start_ms', change.startMs, now),
    () => findEndProblem('min_end_ms', change.minEndMs, change.startMs),
    () => findEndProblem('max_end_ms', change.maxEndMs, change.startMs),
    () =>
      change.minEndMs > 0n && change.maxEndMs > 0n && change.maxEndMs < change.minEndMs
        ? `max_end_ms: must not be before min_end_ms (got ${change.maxEndMs} < ${change.minEndMs})`
        : null,
  );
}

// 0 means "unknown" (J2735 leaves the end times optional); otherwise after the start.
function findEndProblem(field: string, endMs: bigint, startMs: bigint): string | null {
  if (endMs === 0n) return null;
  if (Number(endMs) < EARLIEST_MS || endMs < startMs) return `${field}: must be 0 (unknown) or not before start_ms ${startMs} (got ${endMs})`;
  if (Number(endMs - startMs) > MAX_PHASE_MS) return `${field}: more than an hour after start_ms (got ${endMs}, start ${startMs})`;
  return null;
}
