import { BoatReadingSchema, TOPIC_BOAT_READINGS } from '@urban-brain/proto';
import { findBoatReadingProblem } from '../fleet/boat-reading.validator';
import { defineFleetStream, type FleetDescriptor } from './fleet-descriptor';

/** Lake-cleanup boats: a reading per boat, with any unlicensed vessels it sighted. */
export const BOAT_READINGS = defineFleetStream({
  name: 'boat-readings',
  fleet: 'boats',
  topic: TOPIC_BOAT_READINGS,
  topicSetting: 'BOAT',
  schema: BoatReadingSchema,
  keyField: 'boat_id',
  tables: ['boat_readings', 'vessel_sightings'],
  liveLayer: 'boats',
  deviceOf: (reading) => reading.boatId,
  recordedAtMsOf: (reading) => Number(reading.recordedAtMs),
  seqOf: (reading) => reading.seq,
  findProblem: findBoatReadingProblem,
});

export const BOATS_FLEET: FleetDescriptor = { name: 'boats', streams: [BOAT_READINGS] };
