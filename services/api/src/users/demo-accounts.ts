import { verifyPassword, hashPassword } from '../auth/password-hasher';
import { secretHash } from '../auth/session-secret.util';
import type { AuditService } from '../audit/audit.service';
import { DEMO_PEOPLE, DEMO_WALL, type DemoLogins } from './demo-logins';
import type { UsersRepository } from './users.repository';

export interface SeededLogin {
  username: string;
  password: string;
  role: string;
}

/**
 * Makes the database's demo accounts match the data folder's demo logins: creates the missing ones,
 * and puts a demo account an admin changed back to its printed role, password and enabled state
 * (the demo's printed lines must work). An account of that name not made by the demo is left alone
 * and its line not printed.
 */
export async function seedDemoAccounts(users: UsersRepository, audit: AuditService, logins: DemoLogins): Promise<{ logins: SeededLogin[]; skipped: string[] }> {
  const seeded: SeededLogin[] = [];
  const skipped: string[] = [];
  const record = (action: string, target: string, detail: Record<string, unknown>) => audit.record({ actor: 'cli', action, target, detail });
  for (const person of DEMO_PEOPLE) {
    const password = logins.passwords[person.username]!;
    const existing = await users.findByUsername(person.username);
    if (existing === null) {
      await users.insert({ ...person, kind: 'person', origin: 'demo', passwordHash: await hashPassword(password), deviceCredentialHash: null });
      await record('user.create', person.username, { role: person.role, kind: 'person', origin: 'demo' });
    } else if (existing.origin !== 'demo') {
      skipped.push(person.username);
      continue;
    } else {
      if (existing.role !== person.role || existing.disabled) {
        await users.update(existing.id, { role: person.role, disabled: false });
        await record('user.update', person.username, { role: person.role, disabled: false, reason: 'demo login restored' });
      }
      if (!(await verifyPassword(existing.passwordHash, password))) {
        await users.replaceSecret(existing.id, { passwordHash: await hashPassword(password) });
        await record('user.password-reset', person.username, { reason: 'demo login restored' });
      }
    }
    seeded.push({ username: person.username, password, role: person.role });
  }
  const wall = await users.findByUsername(DEMO_WALL.username);
  const credentialHash = secretHash(logins.kioskCredential);
  if (wall === null) {
    await users.insert({ ...DEMO_WALL, kind: 'device', origin: 'demo', passwordHash: null, deviceCredentialHash: credentialHash });
    await record('user.create', DEMO_WALL.username, { role: DEMO_WALL.role, kind: 'device', origin: 'demo' });
  } else if (wall.origin === 'demo' && wall.kind === 'device') {
    if (wall.disabled || wall.role !== DEMO_WALL.role) await users.update(wall.id, { role: DEMO_WALL.role, disabled: false });
    if (!(await users.findByDeviceCredential(credentialHash))) {
      await users.replaceSecret(wall.id, { deviceCredentialHash: credentialHash });
      await record('user.device-credential', DEMO_WALL.username, { reason: 'demo kiosk restored' });
    }
  } else {
    skipped.push(DEMO_WALL.username);
  }
  return { logins: seeded, skipped };
}
