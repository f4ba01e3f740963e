import { ConfigError, parseConfig } from '@urban-brain/common';
import { describe, expect, it } from 'vitest';
import { ingestConfigSchema, topicsOf } from './ingest.config';

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
  it('defaults to every fleet topic, group ub-ingest, the dead-letter topic and port 3002', () => {
    const config = parseConfig(ingestConfigSchema, required);
    expect(Object.fromEntries(topicsOf(config))).toEqual({
      'truck-readings': 'ub.truck.readings.v1',
      'bike-events': 'ub.bike.events.v1',
      'boat-readings': 'ub.boat.readings.v1',
      'signal-phases': 'ub.signal.phases.v1',
      'corridor-observations': 'ub.corridor.observations.v1',
      'ambulance-readings': 'ub.ambulance.readings.v1',
      'emergency-calls': 'ub.emergency.calls.v1',
    });
    expect(config).toMatchObject({
      KAFKA_BROKERS: ['127.0.0.1:29092'],
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

  it('bounds what is held and written explicitly, and refuses a fetch smaller than a partition batch', () => {
    expect(parseConfig(ingestConfigSchema, required)).toMatchObject({
      INGEST_MAX_BYTES_PER_PARTITION: 1024 * 1024,
      INGEST_MAX_BYTES_PER_FETCH: 10 * 1024 * 1024,
      INGEST_WRITE_BATCH_ROWS: 10_000,
      INGEST_SLOW_WRITE_MS: 5_000,
      INGEST_WRITE_RETRY_MAX_MS: 5_000,
    });
    const problems = problemsOf({ ...required, INGEST_MAX_BYTES_PER_PARTITION: '65536', INGEST_MAX_BYTES_PER_FETCH: '4096' });
    expect(problems).toEqual(['INGEST_MAX_BYTES_PER_FETCH: must be at least INGEST_MAX_BYTES_PER_PARTITION (a fetch holds whole partition batches) (got "4096")']);
    expect(problemsOf({ ...required, INGEST_SLOW_WRITE_MS: '0' })[0]).toMatch(/^INGEST_SLOW_WRITE_MS: /);
  });

  it('consumes only the streams INGEST_STREAMS names, on their configured topics', () => {
    const config = parseConfig(ingestConfigSchema, { ...required, INGEST_STREAMS: ' bike-events, truck-readings ,bike-events', INGEST_BIKE_TOPIC: 'it.bikes' });
    expect(Object.fromEntries(topicsOf(config))).toEqual({ 'bike-events': 'it.bikes', 'truck-readings': 'ub.truck.readings.v1' });
  });

  it('refuses an unknown stream name and an empty list', () => {
    expect(problemsOf({ ...required, INGEST_STREAMS: 'trucks' })[0]).toMatch(/^INGEST_STREAMS\.0: each name must be one of truck-readings, bike-events/);
    expect(problemsOf({ ...required, INGEST_STREAMS: ' , ' })[0]).toMatch(/^INGEST_STREAMS: must name at least one stream/);
  });

  it('refuses two consumed streams on one topic, since batches are routed by topic', () => {
    const problems = problemsOf({ ...required, INGEST_BOAT_TOPIC: 'ub.truck.readings.v1' });
    expect(problems).toEqual([expect.stringMatching(/^INGEST_BOAT_TOPIC: topic "ub.truck.readings.v1" is already the topic of truck-readings/)]);
    expect(() => parseConfig(ingestConfigSchema, { ...required, INGEST_BOAT_TOPIC: 'ub.truck.readings.v1', INGEST_STREAMS: 'boat-readings' })).not.toThrow();
  });
});
