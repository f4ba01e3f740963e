import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role } from '@urban-brain/proto';
import { z } from 'zod';

// A live token is `<payload>.<signature>`, both base64url: the payload is a tiny
// JSON object, the signature HMAC-SHA256 of the payload text with the secret the
// api and the realtime gateway share. No JWT library: one algorithm, fixed by
// us, so there is no `alg` header to negotiate or to downgrade.

/** At least 32 characters: an HMAC key much shorter than its 32-byte output is the weak link. */
export const LIVE_TOKEN_SECRET_MIN_LENGTH = 32;

export const liveTokenSecretEnv = {
  LIVE_TOKEN_SECRET: z
    .string()
    .min(LIVE_TOKEN_SECRET_MIN_LENGTH, `must be at least ${LIVE_TOKEN_SECRET_MIN_LENGTH} characters (e.g. \`openssl rand -hex 32\`)`),
};

export interface LiveTokenClaims {
  /** Format version, so a later change of the payload is refused rather than misread (v1 had no user). */
  v: 2;
  /** The signed-in user it was issued to (a username). */
  sub: string;
  /** Their role when it was issued; the gateway may refuse a layer by it. */
  role: Role;
  /** Issued at, epoch ms. */
  iat: number;
  /** Expires at, epoch ms. */
  exp: number;
  /** Random id: two tokens issued in the same millisecond still differ (for logs). */
  jti: string;
}

export type LiveTokenVerdict =
  | { ok: true; claims: LiveTokenClaims }
  | { ok: false; code: 'TOKEN_MISSING' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED'; reason: string };

const claimsShape = z
  .object({
    v: z.literal(2),
    sub: z.string().min(1).max(64),
    role: z.enum(ROLES as [Role, ...Role[]]),
    iat: z.number().int().nonnegative(),
    exp: z.number().int().positive(),
    jti: z.string().min(1).max(64),
  })
  .strict();

// Tokens are about two hundred bytes; anything much longer is not ours and is refused before hashing.
const MAX_TOKEN_LENGTH = 512;

const signature = (secret: string, payload: string): Buffer => createHmac('sha256', secret).update(payload).digest();

/** The user a token is issued to. */
export interface LiveTokenSubject {
  sub: string;
  role: Role;
}

export function signLiveToken(secret: string, subject: LiveTokenSubject, issuedAtMs: number, ttlMs: number): { token: string; claims: LiveTokenClaims } {
  const claims: LiveTokenClaims = { v: 2, sub: subject.sub, role: subject.role, iat: issuedAtMs, exp: issuedAtMs + ttlMs, jti: randomBytes(9).toString('base64url') };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return { token: `${payload}.${signature(secret, payload).toString('base64url')}`, claims };
}

/** Checks the signature first (in constant time), then the claims, then the expiry. */
export function verifyLiveToken(secret: string, token: unknown, nowMs: number): LiveTokenVerdict {
  if (token === undefined || token === null || token === '') return { ok: false, code: 'TOKEN_MISSING', reason: 'no token in the handshake auth' };
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, code: 'TOKEN_INVALID', reason: 'token is not a short string' };
  const parts = token.split('.');
  if (parts.length !== 2) return { ok: false, code: 'TOKEN_INVALID', reason: 'token is not <payload>.<signature>' };
  const [payload, given] = parts as [string, string];
  const expected = signature(secret, payload);
  const givenBytes = Buffer.from(given, 'base64url');
  if (givenBytes.length !== expected.length || !timingSafeEqual(givenBytes, expected)) {
    return { ok: false, code: 'TOKEN_INVALID', reason: 'bad signature' };
  }
  let claims: z.infer<typeof claimsShape>;
  try {
    claims = claimsShape.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, code: 'TOKEN_INVALID', reason: 'signed payload is not a v2 live token (user and role)' };
  }
  if (nowMs >= claims.exp) return { ok: false, code: 'TOKEN_EXPIRED', reason: `expired at ${new Date(claims.exp).toISOString()}` };
  return { ok: true, claims };
}
