// The process's pino logger, for libraries that log through pino directly (kafkajs).
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
