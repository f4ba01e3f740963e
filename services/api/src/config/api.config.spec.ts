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
      ALERTING_URL: 'http://127.0.0.1:3004',
      UB_DEPLOYMENT: 'demo',
      AUTH_ACCESS_TTL_S: 900,
      AUTH_REFRESH_TTL_S: 43_200,
      AUTH_DEVICE_REFRESH_TTL_S: 30 * 86_400,
      AUTH_COOKIE_SECURE: 'auto',
      LOG_LEVEL: 'info',
      CITY_PACK_DIR: DEFAULT_CITY_PACK_DIR,
      LIVE_TOKEN_SECRET: SECRET,
      LIVE_TOKEN_TTL_S: 43_200,
      OIDC_SCOPES: 'openid profile email',
      OIDC_ROLE_CLAIM: 'groups',
      OIDC_ROLE_MAP: '',
      OIDC_DEFAULT_ROLE: 'none',
      OIDC_NAME: 'single sign-on',
      REPLAY_MAX_AGE_DAYS: 7,
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

  describe('single sign-on (OIDC_*)', () => {
    const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', LIVE_TOKEN_SECRET: SECRET };
    const oidc = {
      OIDC_ISSUER_URL: 'https://id.city.example/realms/city',
      OIDC_CLIENT_ID: 'urban-brain',
      OIDC_CLIENT_SECRET: 'client-secret-0123456789',
      OIDC_REDIRECT_URL: 'https://brain.city.example/api/auth/oidc/callback',
      OIDC_ROLE_MAP: 'ub-admins=admin,ub-dispatch=dispatcher',
    };
    const problemsOf = (env: Record<string, string>) => {
      try {
        parseConfig(apiConfigSchema, env);
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
      return [];
    };

    it('is off without an issuer, whatever else is set (an empty value is unset)', () => {
      const config = parseConfig(apiConfigSchema, { ...base, OIDC_ISSUER_URL: '', OIDC_CLIENT_ID: 'x' });
      expect(config.OIDC_ISSUER_URL).toBeUndefined();
      expect(problemsOf({ ...base, OIDC_CLIENT_ID: 'x' })).toEqual([]);
    });

    it('reads a complete configuration', () => {
      expect(parseConfig(apiConfigSchema, { ...base, ...oidc, OIDC_NAME: 'City ID', OIDC_DEFAULT_ROLE: 'operator' })).toMatchObject({ ...oidc, OIDC_NAME: 'City ID', OIDC_DEFAULT_ROLE: 'operator', OIDC_SCOPES: 'openid profile email' });
    });

    it('names each missing or bad variable an issuer needs, with the rest of the config', () => {
      const problems = problemsOf({ HTTP_PORT: 'eighty', LIVE_TOKEN_SECRET: SECRET, OIDC_ISSUER_URL: 'http://id.city.example', OIDC_SCOPES: 'profile email', OIDC_ROLE_MAP: 'ub-admins=root' });
      expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'HTTP_PORT', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ISSUER_URL', 'OIDC_REDIRECT_URL', 'OIDC_ROLE_MAP', 'OIDC_SCOPES']);
      expect(problems.find((p) => p.startsWith('OIDC_ISSUER_URL'))).toContain('https');
      expect(problems.find((p) => p.startsWith('OIDC_ROLE_MAP'))).toContain('root is not a role');
    });

    it('allows plain http only for an issuer on this machine', () => {
      expect(problemsOf({ ...base, ...oidc, OIDC_ISSUER_URL: 'http://127.0.0.1:4000' })).toEqual([]);
      expect(problemsOf({ ...base, ...oidc, OIDC_ISSUER_URL: 'http://10.0.0.5:4000' }).map((p) => p.split(':')[0])).toEqual(['OIDC_ISSUER_URL']);
    });

    it("wants the redirect URL to be the api's callback route", () => {
      expect(problemsOf({ ...base, ...oidc, OIDC_REDIRECT_URL: 'https://brain.city.example/callback' }).map((p) => p.split(':')[0])).toEqual(['OIDC_REDIRECT_URL']);
    });

    it('refuses a configuration that could sign nobody in', () => {
      const problems = problemsOf({ ...base, ...oidc, OIDC_ROLE_MAP: '' });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^OIDC_ROLE_MAP: maps nothing/);
      expect(problemsOf({ ...base, ...oidc, OIDC_ROLE_MAP: '', OIDC_DEFAULT_ROLE: 'operator' })).toEqual([]);
      expect(problemsOf({ ...base, ...oidc, OIDC_DEFAULT_ROLE: 'root' }).map((p) => p.split(':')[0])).toEqual(['OIDC_DEFAULT_ROLE']);
    });

    it('never prints the client secret', () => {
      const problems = problemsOf({ ...base, ...oidc, OIDC_CLIENT_SECRET: ' ' });
      expect(problems).toEqual([expect.stringMatching(/^OIDC_CLIENT_SECRET: is required with OIDC_ISSUER_URL \(got 1 characters\)$/)]);
    });
  });
});
