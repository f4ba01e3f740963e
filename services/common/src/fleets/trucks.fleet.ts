import { TOPIC_TRUCK_READINGS, TruckReadingSchema } from '@urban-brain/proto';
import { findTruckReadingProblem } from '../fleet/truck-reading.validator';
import { defineFleetStream, type FleetDescriptor } from './fleet-descriptor';

/** Sanitation trucks: one reading per truck per second (position, speed, load, task). */
export const TRUCK_READINGS = defineFleetStream({
  name: 'truck-readings',
  fleet: 'trucks',
  topic: TOPIC_TRUCK_READINGS,
  topicSetting: 'TRUCK',
  schema: TruckReadingSchema,
  keyField: 'truck_id',
  tables: ['truck_readings'],
  liveLayer: 'trucks',
  deviceOf: (reading) => reading.truckId,
  recordedAtMsOf: (reading) => Number(reading.recordedAtMs),
  seqOf: (reading) => reading.seq,
  findProblem: findTruckReadingProblem,
});

export const TRUCKS_FLEET: FleetDescriptor = { name: 'trucks', streams: [TRUCK_READINGS] };
