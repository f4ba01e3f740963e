import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Role, TokenPair } from '@urban-brain/proto';
import { UsersService } from '../src/users/users.service';

export interface SignedIn {
  username: string;
  password: string;
  /** `Authorization: Bearer …` for fetch. */
  headers: Record<string, string>;
  pair: TokenPair;
}

/**
 * A new person with `role` in the test's database (made through the app's own UsersService, as an
 * admin would), signed in the way a script signs in: POST /api/auth/tokens.
 */
export async function signedInAs(app: NestExpressApplication, baseUrl: string, role: Role, username = `it-${role}-${randomUUID().slice(0, 8)}`): Promise<SignedIn> {
  const created = await app.get(UsersService).create({ username, role, kind: 'person' }, { username: 'integration-test', userId: null });
  const password = created.password!;
  const response = await fetch(`${baseUrl}/api/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (response.status !== 200) throw new Error(`signing in ${username} answered ${response.status}: ${await response.text()}`);
  const pair = (await response.json()) as TokenPair;
  return { username, password, pair, headers: { authorization: `Bearer ${pair.accessToken}` } };
}
