import { randomInt, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, createPool, parseConfig } from '@urban-brain/common';
import type { AuditPage, BrowserSession, TokenPair, UserRecord, UserSecretResponse } from '@urban-brain/proto';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiConfigSchema } from '../src/config/api.config';
import { createApp } from '../src/create-app';
import { signedInAs, type SignedIn } from './signed-in';

// Users, sessions and the audit log on the real app and the real database, as a browser and a script use them.
const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) throw new Error('DATABASE_URL is not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

const CLIENT_ADDRESS = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

const baseConfig = { DATABASE_URL, DATABASE_POOL_SIZE: '2', LOG_LEVEL: 'warn', LIVE_TOKEN_SECRET: 'api-it-auth-secret-0123456789abcdef0123' };

/** A browser's cookie jar, enough for our two cookies (the api sets them; fetch does not keep them). */
class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string }>();
  readonly setCookieHeaders: string[] = [];

  take(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      this.setCookieHeaders.push(header);
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      const [name, value] = pair!.split('=') as [string, string];
      const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      if (value === '' || attributes.some((a) => /^expires=Thu, 01 Jan 1970/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
  }

  header(urlPath: string): string {
    return [...this.cookies].filter(([, c]) => urlPath.startsWith(c.path)).map(([name, c]) => `${name}=${c.value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }
}

describe('users, roles and sessions', () => {
  let app: NestExpressApplication;
  let baseUrl: string;
  let pool: Pool;
  let admin: SignedIn;

  // This run's own client address (the api trusts a loopback proxy's X-Forwarded-For, as behind the web
  // server): the failed sign-ins it makes on purpose count against it, not against every test on 127.0.0.1.
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': CLIENT_ADDRESS, ...headers }, body: JSON.stringify(body) });
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${baseUrl}${path}`, { headers });
  const browser = (jar: CookieJar) => ({
    post: async (path: string, body: unknown = {}) => {
      const response = await post(path, body, { cookie: jar.header(path) });
      jar.take(response);
      return response;
    },
    get: (path: string) => get(path, { cookie: jar.header(path) }),
  });
  const newPerson = async (role: 'operator' | 'dispatcher' | 'engineer' | 'admin' = 'operator') => {
    const username = `it-auth-${randomUUID().slice(0, 8)}`;
    const response = await post('/api/users', { username, role }, admin.headers);
    expect(response.status).toBe(201);
    const created = (await response.json()) as UserSecretResponse;
    return { id: created.user.id, credentials: { username, password: created.password! }, username, password: created.password! };
  };

  beforeAll(async () => {
    app = await createApp(parseConfig(apiConfigSchema, baseConfig), createLogger('api-auth-test', 'warn'));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    pool = createPool(DATABASE_URL, 1, 'api-auth-test');
    admin = await signedInAs(app, baseUrl, 'admin');
  });

  afterAll(async () => {
    await app?.close();
    await pool?.end();
  });

  it('answers a wrong password and an unknown user alike: 401 BAD_CREDENTIALS', async () => {
    const { username } = await newPerson();
    const wrong = await post('/api/auth/sign-in', { username, password: 'not-the-password' });
    const unknown = await post('/api/auth/sign-in', { username: `nobody-${randomUUID().slice(0, 8)}`, password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await wrong.json(), await unknown.json()];
    expect(a).toEqual(b);
    expect(a).toMatchObject({ code: 'BAD_CREDENTIALS', message: 'Wrong username or password' });
  });

  it('refuses a sign-in body with bad fields, naming each', async () => {
    const response = await post('/api/auth/sign-in', { user: 'x' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'INVALID_BODY',
      fields: expect.arrayContaining([
        { field: 'username', problem: 'is required' },
        { field: 'password', problem: 'is required' },
        { field: 'user', problem: expect.stringContaining('is not a field') },
      ]),
    });
  });

  it('signs a browser in with HTTP-only, SameSite=Strict cookies, refreshes them once per refresh token, and ends the session when a used one comes back', async () => {
    const person = await newPerson('dispatcher');
    const jar = new CookieJar();
    const tab = browser(jar);
    const signIn = await tab.post('/api/auth/sign-in', { username: person.username.toUpperCase(), password: person.password });
    expect(signIn.status).toBe(200);
    const session = (await signIn.json()) as BrowserSession;
    expect(session).toMatchObject({ user: { username: person.username, role: 'dispatcher', kind: 'person' } });
    expect(session).not.toHaveProperty('accessToken');
    for (const header of jar.setCookieHeaders) {
      expect(header).toMatch(/HttpOnly/i);
      expect(header).toMatch(/SameSite=Strict/i);
    }
    expect(jar.setCookieHeaders.find((h) => h.startsWith('ub_refresh='))).toMatch(/Path=\/api\/auth/);

    expect((await tab.get('/api/auth/me')).status).toBe(200);
    const firstRefresh = jar.get('ub_refresh')!;
    const refreshed = await tab.post('/api/auth/refresh');
    expect(refreshed.status).toBe(200);
    expect(jar.get('ub_refresh')).not.toBe(firstRefresh);
    expect((await tab.get('/api/auth/me')).status).toBe(200);

    // A copy of the first refresh token, used after the owner refreshed: the whole session ends.
    const replay = await post('/api/auth/refresh', {}, { cookie: `ub_refresh=${firstRefresh}` });
    expect(replay.status).toBe(401);
    expect((await tab.get('/api/auth/me')).status).toBe(401);
    const trail = (await (await get(`/api/audit?target=${person.username}&action=auth.refresh-reused`, admin.headers)).json()) as AuditPage;
    expect(trail.entries).toHaveLength(1);
  });

  it('gives scripts bearer tokens; sign-out ends them at once', async () => {
    const person = await newPerson('engineer');
    const pair = (await (await post('/api/auth/tokens', person.credentials)).json()) as TokenPair;
    const bearer = { authorization: `Bearer ${pair.accessToken}` };
    expect(((await (await get('/api/auth/me', bearer)).json()) as BrowserSession).user.role).toBe('engineer');
    const next = (await (await post('/api/auth/refresh', { refreshToken: pair.refreshToken })).json()) as TokenPair;
    expect(next.accessToken).not.toBe(pair.accessToken);
    // The old access token was replaced by the refresh.
    expect((await get('/api/auth/me', bearer)).status).toBe(401);
    const nextBearer = { authorization: `Bearer ${next.accessToken}` };
    expect((await post('/api/auth/sign-out', {}, nextBearer)).status).toBe(204);
    expect((await get('/api/auth/me', nextBearer)).status).toBe(401);
    expect((await post('/api/auth/refresh', { refreshToken: next.refreshToken })).status).toBe(401);
  });

  it("stops a disabled user's sessions at once, and lets them in again when enabled", async () => {
    const person = await newPerson('operator');
    const pair = (await (await post('/api/auth/tokens', person.credentials)).json()) as TokenPair;
    const bearer = { authorization: `Bearer ${pair.accessToken}` };
    expect((await get('/api/city/pack', bearer)).status).toBe(200);
    const disabled = await fetch(`${baseUrl}/api/users/${person.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...admin.headers }, body: JSON.stringify({ disabled: true }) });
    expect(((await disabled.json()) as UserRecord).disabled).toBe(true);
    expect((await get('/api/city/pack', bearer)).status).toBe(401);
    expect((await post('/api/auth/refresh', { refreshToken: pair.refreshToken })).status).toBe(401);
    expect((await post('/api/auth/tokens', person.credentials)).status).toBe(401);
    await fetch(`${baseUrl}/api/users/${person.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...admin.headers }, body: JSON.stringify({ disabled: false }) });
    expect((await post('/api/auth/tokens', person.credentials)).status).toBe(200);
  });

  it('answers 403 naming the role a route needs, and applies a new role from the next request', async () => {
    const person = await newPerson('operator');
    const pair = (await (await post('/api/auth/tokens', person.credentials)).json()) as TokenPair;
    const bearer = { authorization: `Bearer ${pair.accessToken}` };
    const refused = await get('/api/users', bearer);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'ROLE_REQUIRED', requiredRole: 'admin', message: 'This needs the admin role; you are operator' });
    await fetch(`${baseUrl}/api/users/${person.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...admin.headers }, body: JSON.stringify({ role: 'admin' }) });
    expect((await get('/api/users', bearer)).status).toBe(200);
  });

  it('slows repeated failed sign-ins down: 429 with Retry-After, even for the right password', async () => {
    const person = await newPerson();
    for (let i = 0; i < 5; i++) expect((await post('/api/auth/sign-in', { username: person.username, password: `wrong-${i}` })).status).toBe(401);
    const throttled = await post('/api/auth/sign-in', person.credentials);
    expect(throttled.status).toBe(429);
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(await throttled.json()).toMatchObject({ code: 'SIGN_IN_THROTTLED', retryAfterS: retryAfter });
    // Another user from the same address is not held up by it.
    const other = await newPerson();
    expect((await post('/api/auth/sign-in', other.credentials)).status).toBe(200);
  });

  it('signs a kiosk wall in with its device credential, and a new credential ends the old one and its sessions', async () => {
    const username = `it-wall-${randomUUID().slice(0, 8)}`;
    const created = (await (await post('/api/users', { username, role: 'operator', kind: 'device' }, admin.headers)).json()) as UserSecretResponse;
    expect(created.password).toBeUndefined();
    expect(created.kioskPath).toBe(`/#kiosk=${created.deviceCredential}`);
    const jar = new CookieJar();
    const wall = browser(jar);
    const session = (await (await wall.post('/api/auth/device', { credential: created.deviceCredential })).json()) as BrowserSession;
    expect(session.user).toMatchObject({ username, kind: 'device', role: 'operator' });
    // Weeks, not hours: the wall runs unattended.
    expect(session.refreshExpiresAtMs - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect((await wall.get('/api/city/pack')).status).toBe(200);
    // A device has no password to sign in with.
    expect((await post('/api/auth/sign-in', { username, password: created.deviceCredential })).status).toBe(401);

    const renewed = (await (await post(`/api/users/${created.user.id}/device-credential`, {}, admin.headers)).json()) as UserSecretResponse;
    expect(renewed.deviceCredential).not.toBe(created.deviceCredential);
    expect((await wall.get('/api/city/pack')).status).toBe(401);
    expect((await post('/api/auth/device', { credential: created.deviceCredential })).status).toBe(401);
    expect((await post('/api/auth/device', { credential: renewed.deviceCredential })).status).toBe(200);
  });

  it('validates user changes, refuses a taken name and an admin locking themselves out', async () => {
    const bad = await post('/api/users', { username: 'A', role: 'mayor', password: 'short', colour: 'red' }, admin.headers);
    expect(bad.status).toBe(400);
    const fields = ((await bad.json()) as { fields: { field: string }[] }).fields.map((f) => f.field).sort();
    expect(fields).toEqual(['colour', 'password', 'role', 'username']);
    const person = await newPerson();
    expect((await post('/api/users', { username: person.username, role: 'operator' }, admin.headers)).status).toBe(409);
    const adminId = ((await (await get('/api/auth/me', admin.headers)).json()) as BrowserSession).user.id;
    const demote = await fetch(`${baseUrl}/api/users/${adminId}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...admin.headers }, body: JSON.stringify({ role: 'engineer' }) });
    expect(demote.status).toBe(409);
    expect(await demote.json()).toMatchObject({ code: 'SELF_LOCKOUT' });
    expect((await post(`/api/users/not-a-uuid/password`, {}, admin.headers)).status).toBe(400);
    expect((await post(`/api/users/${randomUUID()}/password`, {}, admin.headers)).status).toBe(404);
  });

  it('resets a password: the old one and its sessions stop, the new one (shown once) works', async () => {
    const person = await newPerson('dispatcher');
    const pair = (await (await post('/api/auth/tokens', person.credentials)).json()) as TokenPair;
    const reset = (await (await post(`/api/users/${person.id}/password`, {}, admin.headers)).json()) as UserSecretResponse;
    expect(reset.password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect((await get('/api/auth/me', { authorization: `Bearer ${pair.accessToken}` })).status).toBe(401);
    expect((await post('/api/auth/tokens', person.credentials)).status).toBe(401);
    expect((await post('/api/auth/tokens', { username: person.username, password: reset.password })).status).toBe(200);
  });

  it('keeps an audit trail admins can filter: who, what, when and from where', async () => {
    const person = await newPerson('engineer');
    await post('/api/auth/sign-in', { username: person.username, password: 'wrong-password' }, { 'user-agent': 'audit-test' });
    await post('/api/auth/sign-in', person.credentials, { 'user-agent': 'audit-test' });
    const page = (await (await get(`/api/audit?target=${person.username}`, admin.headers)).json()) as AuditPage;
    expect(page.entries.map((e) => e.action)).toEqual(['auth.sign-in', 'auth.sign-in-failed', 'user.create']);
    const [signIn, failed, created] = page.entries;
    expect(signIn).toMatchObject({ actor: person.username, ip: CLIENT_ADDRESS, userAgent: 'audit-test', detail: { client: 'browser' } });
    expect(failed).toMatchObject({ actor: 'anonymous', detail: { reason: 'wrong password' } });
    expect(created).toMatchObject({ actor: admin.username, detail: { role: 'engineer' } });
    const onePerPage = (await (await get(`/api/audit?target=${person.username}&limit=1`, admin.headers)).json()) as AuditPage;
    const second = (await (await get(`/api/audit?target=${person.username}&limit=1&before=${onePerPage.nextBefore}`, admin.headers)).json()) as AuditPage;
    expect(second.entries[0]!.action).toBe('auth.sign-in-failed');
    expect((await get('/api/audit?limit=9999&colour=red', admin.headers)).status).toBe(400);
  });
});

describe('production: no demo logins', () => {
  it('disables the demo accounts a demo run left, at the api start', async () => {
    const pool = createPool(DATABASE_URL, 1, 'api-auth-production-test');
    const username = `demo-${randomUUID().slice(0, 8)}`;
    try {
      await pool.query(`INSERT INTO users (username, display_name, role, origin, password_hash) VALUES ($1, 'demo', 'operator', 'demo', 'x')`, [username]);
      const app = await createApp(parseConfig(apiConfigSchema, { ...baseConfig, UB_DEPLOYMENT: 'production' }), createLogger('api-auth-production-test', 'silent'));
      await app.init();
      await app.close();
      const { rows } = await pool.query<{ disabled: boolean }>('SELECT disabled_at IS NOT NULL AS disabled FROM users WHERE username = $1', [username]);
      expect(rows[0]!.disabled).toBe(true);
    } finally {
      await pool.end();
    }
  });
});
