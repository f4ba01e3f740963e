import { describe, expect, it } from 'vitest';
import { verifyLiveToken } from '@urban-brain/common';
import { LiveTokenService } from './live-token.service';

const SECRET = 'api-spec-secret-of-at-least-32-characters';
const T0 = 1_750_000_000_000;

describe('LiveTokenService', () => {
  it('issues a token the gateway accepts until its time to live has passed', () => {
    const service = new LiveTokenService({ secret: SECRET, ttlMs: 600_000 }, () => T0);
    const { token, expiresAtMs } = service.issue({ username: 'wall', role: 'operator' });
    expect(expiresAtMs).toBe(T0 + 600_000);
    expect(verifyLiveToken(SECRET, token, T0 + 599_999)).toMatchObject({ ok: true, claims: { sub: 'wall', role: 'operator', iat: T0, exp: expiresAtMs } });
    expect(verifyLiveToken(SECRET, token, expiresAtMs)).toMatchObject({ ok: false, code: 'TOKEN_EXPIRED' });
    expect(verifyLiveToken('another-secret-of-at-least-32-characters', token, T0)).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
  });
});
