// Accounts from the server's shell: `scripts/users.sh <command>` (or `node services/api/dist/users/users.cli.js`).
//   create-admin <username> [--display-name <name>]   the first admin of a production install; prints a generated password once
//   seed-demo --logins <file>                          npm start's demo accounts; prints them as JSON (one object)
// Reads DATABASE_URL; the database must be migrated.
import { parseArgs } from 'node:util';
import { createLogger, createPool, databaseEnv, loadConfigOrExit, logEnv } from '@urban-brain/common';
import { z } from 'zod';
import { AuditRepository } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { seedDemoAccounts } from './demo-accounts';
import { loadDemoLogins } from './demo-logins';
import { createUserRequestSchema } from './user-request.schemas';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

const USAGE = 'usage: users.cli.js create-admin <username> [--display-name <name>] | seed-demo --logins <file>';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'display-name': { type: 'string' }, logins: { type: 'string' } } });
  const [command, ...rest] = positionals;
  const config = loadConfigOrExit('users', z.object({ ...databaseEnv, ...logEnv }));
  createLogger('users-cli', config.LOG_LEVEL);
  const pool = createPool(config.DATABASE_URL, 1, 'urban-brain-users-cli');
  const users = new UsersRepository(pool);
  const audit = new AuditService(new AuditRepository(pool));
  try {
    if (command === 'create-admin' && rest.length === 1) {
      const parsed = createUserRequestSchema.safeParse({ username: rest[0], displayName: values['display-name'], role: 'admin' });
      if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
      const created = await new UsersService(users, audit).create(parsed.data, { username: 'cli', userId: null });
      // The CLI's answer to the person at the shell (logs go to stderr through pino).
      process.stdout.write(`Created admin ${created.user.username}. Password (shown once): ${created.password}\n`);
    } else if (command === 'seed-demo' && values.logins && rest.length === 0) {
      const logins = loadDemoLogins(values.logins);
      const seeded = await seedDemoAccounts(users, audit, logins);
      // One JSON object on stdout, read by scripts/run-stack.mjs.
      process.stdout.write(`${JSON.stringify({ ...seeded, kioskCredential: logins.kioskCredential })}\n`);
    } else {
      throw new Error(USAGE);
    }
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof DomainError ? `${error.code}: ${error.message}` : (error as Error).message;
  process.stderr.write(`users: ${message}\n`);
  process.exit(1);
});
