// Injection tokens for what the process shares: its config, its logger, its Kafka client, its city pack.
export const SIMULATOR_CONFIG = Symbol('SIMULATOR_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const KAFKA = Symbol('KAFKA');
export const CITY_PACK = Symbol('CITY_PACK');
export const BACKFILL_PLAN = Symbol('BACKFILL_PLAN');
