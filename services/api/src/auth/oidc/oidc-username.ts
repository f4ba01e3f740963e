import { randomBytes } from 'node:crypto';

// users_username_check (infra/migrations/010): ^[a-z0-9][a-z0-9._@-]{1,63}$. Room is kept for a suffix.
const LONGEST_BASE = 56;

/**
 * A username for a person's first single sign-on, from what the provider says about them:
 * preferred_username, else email, else the subject. Lower case, reduced to the characters a
 * username may have.
 */
export function oidcUsernameBase(claims: Record<string, unknown>): string {
  for (const claim of ['preferred_username', 'email']) {
    const value = claims[claim];
    const name = typeof value === 'string' ? usernameFrom(value) : null;
    if (name !== null) return name;
  }
  return usernameFrom(`sso-${String(claims.sub)}`) ?? 'sso-user';
}

/**
 * The base, then numbered, then random: a name already taken (a local account, or another
 * provider's person) is never reused, so a sign-on can never take over an existing account.
 */
export function* usernameCandidates(base: string): Generator<string> {
  yield base;
  for (let n = 2; n <= 20; n += 1) yield `${base}-${n}`;
  for (let n = 0; n < 3; n += 1) yield `${base}-${randomBytes(3).toString('hex')}`;
}

function usernameFrom(text: string): string | null {
  const name = text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._@-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, LONGEST_BASE)
    .replace(/[^a-z0-9]+$/, '');
  return name.length >= 2 ? name : null;
}
