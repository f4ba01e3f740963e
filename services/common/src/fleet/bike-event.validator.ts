import { BikeEventKind, type BikeEvent } from '@urban-brain/proto';
import { findEnumProblem, findIdProblem, findPositionProblem, findRangeProblem, findSeqProblem, findTimeProblem, firstProblem } from './device-field.checks';

const OPERATOR = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** The first problem with a decoded bike event, or null when it can be stored. */
export function findBikeEventProblem(event: BikeEvent, now = Date.now()): string | null {
  return firstProblem(
    () => findIdProblem('bike_id', event.bikeId),
    () => findSeqProblem(event.seq),
    () => findTimeProblem('recorded_at_ms', event.recordedAtMs, now),
    () => findEnumProblem('kind', event.kind, BikeEventKind),
    () => findPositionProblem(event.lon, event.lat),
    () => (event.fenceId === '' ? null : findIdProblem('fence_id', event.fenceId)),
    // A fence id names where the bike stands; "in no fence" with a fence is a contradiction.
    () => (event.fenceId !== '' && !event.inFence ? `in_fence: must be true when fence_id is set (fence_id ${JSON.stringify(event.fenceId)})` : null),
    () => findRangeProblem('battery_pct', event.batteryPct, 0, 100),
    () => (event.kind === BikeEventKind.BATTERY_REPORT && !event.isEbike ? 'kind: BATTERY_REPORT from a bike that is not an e-bike (is_ebike false)' : null),
    () => (OPERATOR.test(event.operator) ? null : `operator: must be 1-32 lower-case letters, digits, _ or - (got ${JSON.stringify(event.operator)})`),
  );
}
