import { CorridorDirection, type CorridorObservation } from '@urban-brain/proto';
import { findEnumProblem, findIdProblem, findRangeProblem, findSeqProblem, findTimeProblem, firstProblem } from './device-field.checks';

// Corridors are 1-5 km; three hours end to end is gridlock or a broken probe.
const MAX_TRAVEL_TIME_S = 3 * 3600;
const MAX_STOPS = 100;
// Far more than a corridor carries in one observation window; keeps the column an integer.
const MAX_VEHICLES = 1_000_000;

/** The first problem with a decoded corridor observation, or null when it can be stored. */
export function findCorridorObservationProblem(observation: CorridorObservation, now = Date.now()): string | null {
  return firstProblem(
    () => findIdProblem('corridor_id', observation.corridorId),
    () => findSeqProblem(observation.seq),
    () => findTimeProblem('recorded_at_ms', observation.recordedAtMs, now),
    () => findEnumProblem('direction', observation.direction, CorridorDirection),
    () => findRangeProblem('travel_time_s', observation.travelTimeS, 0, MAX_TRAVEL_TIME_S),
    () => (observation.designTravelTimeS > 0 ? null : `design_travel_time_s: must be above 0 (got ${observation.designTravelTimeS})`),
    () => findRangeProblem('design_travel_time_s', observation.designTravelTimeS, 0, MAX_TRAVEL_TIME_S),
    () => findRangeProblem('stops', observation.stops, 0, MAX_STOPS),
    () => findRangeProblem('arrivals_on_green_pct', observation.arrivalsOnGreenPct, 0, 100),
    () => findRangeProblem('vehicles', observation.vehicles, 0, MAX_VEHICLES),
    // With vehicles seen, a travel time of 0 is a missing measurement.
    () => (observation.vehicles > 0 && observation.travelTimeS === 0 ? 'travel_time_s: must be above 0 when vehicles were observed' : null),
  );
}
