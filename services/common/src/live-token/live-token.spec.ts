import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { liveTokenSecretEnv, signLiveToken, verifyLiveToken } from './live-token';

const SECRET = 'a'.repeat(32);
const OTHER = 'b'.repeat(32);
const T0 = 1_750_000_000_000;
const HOUR = 3_600_000;
const WALL = { sub: 'wall', role: 'operator' } as const;

describe('live token', () => {
  it('verifies a token it signed until it expires, then says expired', () => {
    const { token, claims } = signLiveToken(SECRET, WALL, T0, HOUR);
    expect(claims).toMatchObject({ v: 2, sub: 'wall', role: 'operator', iat: T0, exp: T0 + HOUR });
    expect(verifyLiveToken(SECRET, token, T0)).toEqual({ ok: true, claims });
    expect(verifyLiveToken(SECRET, token, T0 + HOUR - 1).ok).toBe(true);
    expect(verifyLiveToken(SECRET, token, T0 + HOUR)).toMatchObject({ ok: false, code: 'TOKEN_EXPIRED' });
  });

  it('refuses a token signed with another secret, or altered', () => {
    const { token } = signLiveToken(SECRET, WALL, T0, HOUR);
    expect(verifyLiveToken(OTHER, token, T0)).toMatchObject({ ok: false, code: 'TOKEN_INVALID', reason: 'bad signature' });
    // A longer expiry in the payload, with the original signature.
    const [payload, sig] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { exp: number };
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 100 * HOUR })).toString('base64url');
    expect(verifyLiveToken(SECRET, `${forged}.${sig}`, T0)).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
  });

  it('says missing for no token and invalid for anything that is not one', () => {
    expect(verifyLiveToken(SECRET, undefined, T0)).toMatchObject({ ok: false, code: 'TOKEN_MISSING' });
    expect(verifyLiveToken(SECRET, '', T0)).toMatchObject({ ok: false, code: 'TOKEN_MISSING' });
    for (const junk of [42, {}, 'abc', 'a.b.c', 'x'.repeat(600), '.']) {
      expect(verifyLiveToken(SECRET, junk, T0)).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
    }
  });

  it('refuses a correctly signed payload that is not a v2 token: a v1 token (no user), an unknown role', () => {
    const signed = (claims: object) => {
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return `${payload}.${createHmac('sha256', SECRET).update(payload).digest('base64url')}`;
    };
    expect(verifyLiveToken(SECRET, signed({ v: 1, iat: T0, exp: T0 + HOUR, jti: 'x' }), T0)).toMatchObject({ ok: false, code: 'TOKEN_INVALID', reason: /v2/ });
    expect(verifyLiveToken(SECRET, signed({ v: 2, sub: 'x', role: 'mayor', iat: T0, exp: T0 + HOUR, jti: 'x' }), T0)).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
    expect(verifyLiveToken(SECRET, signed({ v: 2, sub: 'x', role: 'engineer', iat: T0, exp: T0 + HOUR, jti: 'x' }), T0)).toMatchObject({ ok: true, claims: { sub: 'x', role: 'engineer' } });
  });

  it('two tokens issued at the same millisecond differ', () => {
    expect(signLiveToken(SECRET, WALL, T0, HOUR).token).not.toBe(signLiveToken(SECRET, WALL, T0, HOUR).token);
  });

  it('the env schema refuses a secret under 32 characters, naming why', () => {
    const schema = z.object(liveTokenSecretEnv);
    expect(schema.safeParse({ LIVE_TOKEN_SECRET: 'x'.repeat(31) }).success).toBe(false);
    expect(schema.safeParse({}).success).toBe(false);
    expect(schema.parse({ LIVE_TOKEN_SECRET: SECRET })).toEqual({ LIVE_TOKEN_SECRET: SECRET });
  });
});
