// The live layers' entities, columns and fleet-wide tallies: the realtime gateway fills LiveFrames from
// Kafka with them, the api's replay from the database, so a replayed frame means what a live one does.
export * from './newer-than-held';
export * from './live-truck';
export * from './truck-columns';
export * from './truck-tally';
export * from './live-bike';
export * from './bike-columns';
export * from './bike-tally';
export * from './live-boat';
export * from './boat-columns';
export * from './boat-tally';
export * from './live-ambulance';
export * from './live-call';
export * from './ambulance-columns';
export * from './ambulance-tally';
export * from './live-corridor';
export * from './corridor-columns';
