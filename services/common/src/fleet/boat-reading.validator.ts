import { BoatTaskState, type BoatReading } from '@urban-brain/proto';
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

// A cleanup boat's hold takes well under this in one shift; more is a sensor fault.
const MAX_DEBRIS_KG = 5_000;
const MAX_SPEED_KMH = 60;
const MAX_NOTE_LENGTH = 500;

/** The first problem with a decoded boat reading (and its sightings), or null when it can be stored. */
export function findBoatReadingProblem(reading: BoatReading, now = Date.now()): string | null {
  return firstProblem(
    () => findIdProblem('boat_id', reading.boatId),
    () => findSeqProblem(reading.seq),
    () => findTimeProblem('recorded_at_ms', reading.recordedAtMs, now),
    () => findPositionProblem(reading.lon, reading.lat),
    () => findRangeProblem('speed_kmh', reading.speedKmh, 0, MAX_SPEED_KMH),
    () => findHeadingProblem('heading_deg', reading.headingDeg),
    () => findRangeProblem('debris_kg', reading.debrisKg, 0, MAX_DEBRIS_KG),
    () => findRangeProblem('battery_pct', reading.batteryPct, 0, 100),
    () => findEnumProblem('task_state', reading.taskState, BoatTaskState),
    () => findSightingsProblem(reading),
  );
}

function findSightingsProblem(reading: BoatReading): string | null {
  const ids = new Set<string>();
  for (const [i, sighting] of reading.vesselSightings.entries()) {
    const field = `vessel_sightings[${i}].`;
    const problem = firstProblem(
      () => findIdProblem(`${field}sighting_id`, sighting.sightingId),
      () => (ids.has(sighting.sightingId) ? `${field}sighting_id: ${JSON.stringify(sighting.sightingId)} appears twice in one reading` : null),
      () => findPositionProblem(sighting.lon, sighting.lat, field),
      () => (sighting.note.length <= MAX_NOTE_LENGTH ? null : `${field}note: must be at most ${MAX_NOTE_LENGTH} characters (got ${sighting.note.length})`),
    );
    if (problem !== null) return problem;
    ids.add(sighting.sightingId);
  }
  return null;
}
