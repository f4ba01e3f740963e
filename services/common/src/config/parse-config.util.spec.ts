import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { databaseEnv, httpEnv, kafkaEnv } from './env-schemas';
import { ConfigError, parseConfig } from './parse-config.util';

const schema = z.object({ ...kafkaEnv, ...databaseEnv, ...httpEnv(3000) });

describe('parseConfig', () => {
  it('parses a valid environment with defaults', () => {
    const config = parseConfig(schema, { KAFKA_BROKERS: 'a:1, b:2', DATABASE_URL: 'postgres://u:p@h:5432/db' });
    expect(config).toEqual({ KAFKA_BROKERS: ['a:1', 'b:2'], DATABASE_URL: 'postgres://u:p@h:5432/db', DATABASE_POOL_SIZE: 8, HTTP_PORT: 3000 });
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      parseConfig(schema, { KAFKA_BROKERS: 'no-port', DATABASE_URL: 'mysql://x', HTTP_PORT: '99999' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^KAFKA_BROKERS: .*host:port.*"no-port"/m);
    expect(problems).toMatch(/^DATABASE_URL: /m);
    expect(problems).toMatch(/^HTTP_PORT: .*"99999"/m);
  });

  it('says when a required variable is not set', () => {
    expect(() => parseConfig(schema, {})).toThrow(/KAFKA_BROKERS: .*not set/);
  });

  it('never shows the value of a secret, even a wrong one', () => {
    const withSecret = z.object({ LIVE_TOKEN_SECRET: z.string().min(32) });
    expect(() => parseConfig(withSecret, { LIVE_TOKEN_SECRET: 'hunter2-but-short' })).toThrow(/LIVE_TOKEN_SECRET: .*\(got 17 characters\)/);
    expect(() => parseConfig(withSecret, { LIVE_TOKEN_SECRET: 'hunter2-but-short' })).not.toThrow(/hunter2/);
  });
});
