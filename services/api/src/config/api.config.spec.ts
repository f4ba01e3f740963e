import { DEFAULT_CITY_PACK_DIR } from '@urban-brain/city-pack';
import { ConfigError, parseConfig } from '@urban-brain/common';
import { describe, expect, it } from 'vitest';
import { apiConfigSchema } from './api.config';

const SECRET = 'api-spec-live-token-secret-0123456789';

describe('apiConfigSchema', () => {
  it('fills the defaults', () => {
    expect(parseConfig(apiConfigSchema, { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', LIVE_TOKEN_SECRET: SECRET })).toEqual({
      DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
      DATABASE_POOL_SIZE: 8,
      HTTP_PORT: 3000,
      HTTP_HOST: '127.0.0.1',
      UB_DEPLOYMENT: 'demo',
      AUTH_ACCESS_TTL_S: 900,
      AUTH_REFRESH_TTL_S: 43_200,
      AUTH_DEVICE_REFRESH_TTL_S: 30 * 86_400,
      AUTH_COOKIE_SECURE: 'auto',
      LOG_LEVEL: 'info',
      CITY_PACK_DIR: DEFAULT_CITY_PACK_DIR,
      LIVE_TOKEN_SECRET: SECRET,
      LIVE_TOKEN_TTL_S: 43_200,
    });
    expect(DEFAULT_CITY_PACK_DIR).toMatch(/city-packs\/neijiang$/);
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      parseConfig(apiConfigSchema, { HTTP_PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(variables.sort()).toEqual(['DATABASE_URL', 'HTTP_PORT', 'LIVE_TOKEN_SECRET', 'LOG_LEVEL']);
  });
});
