import { z } from 'zod';
import { DATABASE_MODE_SETTINGS } from '../database/database-mode';

const port = z.coerce.number().int().min(1).max(65535);

export const logEnv = {
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
};

export const httpEnv = (defaultPort: number) => ({
  HTTP_PORT: port.default(defaultPort),
});

export const kafkaEnv = {
  KAFKA_BROKERS: z
    .string()
    .min(1, 'must list at least one host:port')
    .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean))
    .refine((brokers) => brokers.every((broker) => /^[\w.-]+:\d{1,5}$/.test(broker)), 'must be a comma-separated list of host:port'),
};

export const databaseEnv = {
  DATABASE_URL: z
    .string()
    .url('must be a postgres:// URL')
    .refine((url) => url.startsWith('postgres://') || url.startsWith('postgresql://'), 'must be a postgres:// URL'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(8),
};

// Read by whatever runs the migrations (README "Database modes"): the mode is decided at a database's
// first migration and recorded there; a later start with another explicit mode is refused.
export const databaseModeEnv = {
  DB_MODE: z.enum(DATABASE_MODE_SETTINGS).default('auto'),
};
