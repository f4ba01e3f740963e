import { randomInt } from 'node:crypto';
import { Algorithm, hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (19 MiB, 2 passes, 1 lane): OWASP's recommended minimum,
// ~50 ms here, so a sign-in costs the server little and a stolen hash costs a guesser a lot.
const OPTIONS = { algorithm: Algorithm.Argon2id } as const;

// Verified when the user does not exist, so an unknown name takes as long as a wrong password.
let decoy: Promise<string> | undefined;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    decoy ??= hash('no user has this password', OPTIONS);
    await verify(await decoy, password);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    // A hash this library cannot read is a password nobody can match.
    return false;
  }
}

// No 0/o, 1/l/i: read off a terminal and typed on a wall-screen keyboard.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** 16 characters in four groups (~79 bits): e.g. `k7m2-p9xq-t4rw-8hne`. */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let c = 0; c < 4; c++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}
