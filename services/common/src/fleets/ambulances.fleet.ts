import { AmbulanceReadingSchema, EmergencyCallEventSchema, TOPIC_AMBULANCE_READINGS, TOPIC_EMERGENCY_CALLS } from '@urban-brain/proto';
import { findAmbulanceReadingProblem, findEmergencyCallEventProblem } from '../fleet/ambulance.validator';
import { defineFleetStream, type FleetDescriptor } from './fleet-descriptor';

/** "120" ambulances: one fix per ambulance per second (position, speed, state, the call it works). */
export const AMBULANCE_READINGS = defineFleetStream({
  name: 'ambulance-readings',
  fleet: 'ambulances',
  topic: TOPIC_AMBULANCE_READINGS,
  topicSetting: 'AMBULANCE',
  schema: AmbulanceReadingSchema,
  keyField: 'ambulance_id',
  tables: ['ambulance_readings'],
  liveLayer: 'ambulances',
  deviceOf: (reading) => reading.ambulanceId,
  recordedAtMsOf: (reading) => Number(reading.recordedAtMs),
  seqOf: (reading) => reading.seq,
  findProblem: findAmbulanceReadingProblem,
});

/** "120" emergency calls: each step of a call's lifecycle, from received to closed. */
export const EMERGENCY_CALLS = defineFleetStream({
  name: 'emergency-calls',
  fleet: 'ambulances',
  topic: TOPIC_EMERGENCY_CALLS,
  topicSetting: 'EMERGENCY_CALL',
  schema: EmergencyCallEventSchema,
  keyField: 'call_id',
  tables: ['emergency_call_events'],
  liveLayer: 'ambulances',
  stateFromStart: true,
  deviceOf: (event) => event.callId,
  recordedAtMsOf: (event) => Number(event.recordedAtMs),
  seqOf: (event) => event.seq,
  findProblem: findEmergencyCallEventProblem,
});

export const AMBULANCES_FLEET: FleetDescriptor = { name: 'ambulances', streams: [AMBULANCE_READINGS, EMERGENCY_CALLS] };
