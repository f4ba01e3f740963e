import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Role } from '@urban-brain/proto';
import { generatePassword } from '../auth/password-hasher';
import { newSecret } from '../auth/session-secret.util';

/** The demo's accounts: one person per role, named by it, and the kiosk wall's device. */
export const DEMO_PEOPLE: readonly { username: string; displayName: string; role: Role }[] = [
  { username: 'operator', displayName: 'Operator (demo)', role: 'operator' },
  { username: 'dispatcher', displayName: 'Dispatcher (demo)', role: 'dispatcher' },
  { username: 'engineer', displayName: 'Engineer (demo)', role: 'engineer' },
  { username: 'admin', displayName: 'Admin (demo)', role: 'admin' },
];
export const DEMO_WALL = { username: 'wall', displayName: 'Wall screen (kiosk)', role: 'operator' as Role };

/** What `npm start` generates once per data folder and prints on every start. */
export interface DemoLogins {
  passwords: Record<string, string>;
  kioskCredential: string;
}

/**
 * Reads the data folder's demo logins, completing (and writing back, owner-only) what is missing:
 * the passwords are generated once per data folder, so they stay the same across restarts.
 */
export function loadDemoLogins(file: string): DemoLogins {
  const stored: Partial<DemoLogins> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoLogins>) : {};
  const logins: DemoLogins = { passwords: { ...stored.passwords }, kioskCredential: stored.kioskCredential ?? newSecret('device') };
  for (const person of DEMO_PEOPLE) logins.passwords[person.username] ??= generatePassword();
  if (JSON.stringify(logins) !== JSON.stringify(stored)) {
    writeFileSync(file, `${JSON.stringify(logins, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return logins;
}
