import { createHash, randomBytes } from 'node:crypto';

// Sessions and device credentials are random secrets, stored only as their SHA-256 (a fast hash is
// right here: 256 random bits cannot be guessed, unlike a password, which gets argon2id). The prefix
// says what a leaked string is (and lets secret scanners find it); it never decides anything.
const PREFIX = { access: 'uba_', refresh: 'ubr_', device: 'ubd_' } as const;
export type SecretKind = keyof typeof PREFIX;

const SECRET_BYTES = 32;
const SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newSecret(kind: SecretKind): string {
  return PREFIX[kind] + randomBytes(SECRET_BYTES).toString('base64url');
}

/** Whether `value` has the shape of a `kind` secret; anything else is refused before touching the database. */
export function isSecret(kind: SecretKind, value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX[kind]) && SHAPE.test(value.slice(PREFIX[kind].length));
}

export function secretHash(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
