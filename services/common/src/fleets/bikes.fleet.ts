import { BikeEventSchema, TOPIC_BIKE_EVENTS } from '@urban-brain/proto';
import { findBikeEventProblem } from '../fleet/bike-event.validator';
import { defineFleetStream, type FleetDescriptor } from './fleet-descriptor';

/** Shared bikes: unlock, trip end, parked state and faults, one event at a time. */
export const BIKE_EVENTS = defineFleetStream({
  name: 'bike-events',
  fleet: 'bikes',
  topic: TOPIC_BIKE_EVENTS,
  topicSetting: 'BIKE',
  schema: BikeEventSchema,
  keyField: 'bike_id',
  tables: ['bike_events'],
  liveLayer: 'bikes',
  stateFromStart: true,
  deviceOf: (event) => event.bikeId,
  recordedAtMsOf: (event) => Number(event.recordedAtMs),
  seqOf: (event) => event.seq,
  findProblem: findBikeEventProblem,
});

export const BIKES_FLEET: FleetDescriptor = { name: 'bikes', streams: [BIKE_EVENTS] };
