import { ConfigError, parseConfig } from '@urban-brain/common';
import { describe, expect, it } from 'vitest';
import { ingestConfigSchema } from './ingest.config';

const required = { KAFKA_BROKERS: '127.0.0.1:29092', DATABASE_URL: 'postgres://urban:urban@127.0.0.1:55433/urban_brain' };
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    parseConfig(ingestConfigSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be refused');
};

describe('ingestConfigSchema', () => {
  it('defaults to the readings topic, group ub-ingest, the dead-letter topic and port 3002', () => {
    expect(parseConfig(ingestConfigSchema, required)).toMatchObject({
      KAFKA_BROKERS: ['127.0.0.1:29092'],
      INGEST_TOPIC: 'ub.truck.readings.v1',
      INGEST_GROUP_ID: 'ub-ingest',
      DEAD_LETTER_TOPIC: 'ub.deadletter.v1',
      HTTP_PORT: 3002,
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      INGEST_PARTITION_CONCURRENCY: 2,
      DATABASE_POOL_SIZE: 8,
    });
  });

  it('names every missing or bad variable', () => {
    const problems = problemsOf({ INGEST_SESSION_TIMEOUT_MS: '100', LOG_LEVEL: 'loud' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'INGEST_SESSION_TIMEOUT_MS', 'KAFKA_BROKERS', 'LOG_LEVEL']);
  });

  it('refuses a pool too small for the partitions written at once', () => {
    const problems = problemsOf({ ...required, DATABASE_POOL_SIZE: '4', INGEST_PARTITION_CONCURRENCY: '4' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^DATABASE_POOL_SIZE: must be larger than INGEST_PARTITION_CONCURRENCY/);
  });
});
