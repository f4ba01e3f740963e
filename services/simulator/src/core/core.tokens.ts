// Injection tokens for what the process shares: its config, its logger, its Kafka client.
export const SIMULATOR_CONFIG = Symbol('SIMULATOR_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const KAFKA = Symbol('KAFKA');
