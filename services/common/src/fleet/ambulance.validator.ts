import { AmbulanceState, CallStage, type AmbulanceReading, type EmergencyCallEvent } from '@urban-brain/proto';
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

// Faster than traffic, but no ambulance in a city does more than this.
const MAX_SPEED_KMH = 160;
// Stages that need an ambulance on the call, and those that need a hospital.
const WITH_AMBULANCE = new Set([CallStage.DISPATCHED, CallStage.ON_SCENE, CallStage.TRANSPORTING, CallStage.AT_HOSPITAL]);
const WITH_HOSPITAL = new Set([CallStage.TRANSPORTING, CallStage.AT_HOSPITAL]);
const ON_A_CALL = new Set([AmbulanceState.TO_SCENE, AmbulanceState.ON_SCENE, AmbulanceState.TO_HOSPITAL, AmbulanceState.AT_HOSPITAL]);

/** The first problem with a decoded ambulance reading, or null when it can be stored. */
export function findAmbulanceReadingProblem(reading: AmbulanceReading, now = Date.now()): string | null {
  return firstProblem(
    () => findIdProblem('ambulance_id', reading.ambulanceId),
    () => findSeqProblem(reading.seq),
    () => findTimeProblem('recorded_at_ms', reading.recordedAtMs, now),
    () => findPositionProblem(reading.lon, reading.lat),
    () => findRangeProblem('speed_kmh', reading.speedKmh, 0, MAX_SPEED_KMH),
    () => findHeadingProblem('heading_deg', reading.headingDeg),
    () => findEnumProblem('state', reading.state, AmbulanceState),
    () => (reading.callId === '' ? null : findIdProblem('call_id', reading.callId)),
    () => (ON_A_CALL.has(reading.state) && reading.callId === '' ? `call_id: must be set while ${AmbulanceState[reading.state]}` : null),
    () => (reading.stationId === '' ? null : findIdProblem('station_id', reading.stationId)),
  );
}

/** The first problem with a decoded emergency call event, or null when it can be stored. */
export function findEmergencyCallEventProblem(event: EmergencyCallEvent, now = Date.now()): string | null {
  return firstProblem(
    () => findIdProblem('call_id', event.callId),
    () => findSeqProblem(event.seq),
    () => findTimeProblem('recorded_at_ms', event.recordedAtMs, now),
    () => findEnumProblem('stage', event.stage, CallStage),
    () => findTimeProblem('received_at_ms', event.receivedAtMs, now),
    () => (event.receivedAtMs > event.recordedAtMs ? `received_at_ms: after recorded_at_ms (${event.receivedAtMs} > ${event.recordedAtMs})` : null),
    () => findPositionProblem(event.lon, event.lat),
    () => findRangeProblem('priority', event.priority, 1, 3),
    () => (event.districtId === '' ? null : findIdProblem('district_id', event.districtId)),
    () => (WITH_AMBULANCE.has(event.stage) ? findIdProblem('ambulance_id', event.ambulanceId) : event.ambulanceId === '' ? null : findIdProblem('ambulance_id', event.ambulanceId)),
    () => (WITH_HOSPITAL.has(event.stage) ? findIdProblem('hospital_id', event.hospitalId) : event.hospitalId === '' ? null : findIdProblem('hospital_id', event.hospitalId)),
  );
}
