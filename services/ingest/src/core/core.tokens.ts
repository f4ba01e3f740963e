// Injection tokens for what the process shares: config, logger, Kafka client, database pool.
export const INGEST_CONFIG = Symbol('INGEST_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const KAFKA = Symbol('KAFKA');
export const PG_POOL = Symbol('PG_POOL');
// The `database` probe of /health: common's databaseHealthCheck on the pool (core.module.ts).
export const DATABASE_HEALTH = Symbol('DATABASE_HEALTH');
