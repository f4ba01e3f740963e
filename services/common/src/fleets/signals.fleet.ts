import { CorridorObservationSchema, SignalPhaseChangeSchema, TOPIC_CORRIDOR_OBSERVATIONS, TOPIC_SIGNAL_PHASES } from '@urban-brain/proto';
import { findCorridorObservationProblem } from '../fleet/corridor-observation.validator';
import { findSignalPhaseChangeProblem } from '../fleet/signal-phase-change.validator';
import { defineFleetStream, type FleetDescriptor } from './fleet-descriptor';

/** Green-wave signals: every phase change of an intersection's signal groups. */
export const SIGNAL_PHASES = defineFleetStream({
  name: 'signal-phases',
  fleet: 'signals',
  topic: TOPIC_SIGNAL_PHASES,
  topicSetting: 'SIGNAL_PHASE',
  schema: SignalPhaseChangeSchema,
  keyField: 'intersection_id',
  tables: ['signal_phase_changes'],
  liveLayer: 'corridors',
  deviceOf: (change) => change.intersectionId,
  recordedAtMsOf: (change) => Number(change.recordedAtMs),
  seqOf: (change) => change.seq,
  findProblem: findSignalPhaseChangeProblem,
});

/** Green-wave corridors: per window and direction, arrivals on green, travel time and stops. */
export const CORRIDOR_OBSERVATIONS = defineFleetStream({
  name: 'corridor-observations',
  fleet: 'signals',
  topic: TOPIC_CORRIDOR_OBSERVATIONS,
  topicSetting: 'CORRIDOR',
  schema: CorridorObservationSchema,
  keyField: 'corridor_id',
  tables: ['corridor_observations'],
  liveLayer: 'corridors',
  deviceOf: (observation) => observation.corridorId,
  recordedAtMsOf: (observation) => Number(observation.recordedAtMs),
  seqOf: (observation) => observation.seq,
  findProblem: findCorridorObservationProblem,
});

export const SIGNALS_FLEET: FleetDescriptor = { name: 'signals', streams: [SIGNAL_PHASES, CORRIDOR_OBSERVATIONS] };
