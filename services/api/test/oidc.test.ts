import { randomInt, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, parseConfig } from '@urban-brain/common';
import type { AuditPage, BrowserSession, OidcSignInOption, UserRecord } from '@urban-brain/proto';
import Provider, { type Account } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiConfigSchema } from '../src/config/api.config';
import { createApp } from '../src/create-app';
import { signedInAs, type SignedIn } from './signed-in';

// Single sign-on end to end: a real OpenID Connect provider (oidc-provider, in this process, with its
// development login and consent forms) and the real app on the real database, walked the way a
// browser walks it: our start route, the provider's login and consent, our callback, our cookies.
const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) throw new Error('DATABASE_URL is not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

const CLIENT_ID = 'urban-brain-it';
const CLIENT_SECRET = 'oidc-it-client-secret-0123456789abcdef';
// The address the browser knows the api by (the web server's /api proxy); the provider only ever
// sends the browser there, so the test takes the redirect and calls the api where it listens.
const REDIRECT_URL = 'http://127.0.0.1:5173/api/auth/oidc/callback';
// Failed sign-ins are throttled per address: this run's requests come from an address of their own.
const CLIENT_ADDRESS = `198.51.100.${randomInt(1, 255)}`;

/** Cookies by name with their path, for one site; enough for the provider's and ours. */
class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  take(response: Response): string[] {
    const headers = response.headers.getSetCookie();
    for (const header of headers) {
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      const cut = pair!.indexOf('=');
      const [name, value] = [pair!.slice(0, cut), pair!.slice(cut + 1)];
      const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      if (value === '' || attributes.some((a) => /^expires=Thu, 01 Jan 1970/i.test(a) || /^max-age=0$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
    return headers;
  }

  header(urlPath: string): string {
    return [...this.cookies].filter(([, c]) => urlPath.startsWith(c.path)).map(([name, c]) => `${name}=${c.value}`).join('; ');
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }
}

interface Person {
  sub: string;
  preferred_username: string;
  name: string;
  email: string;
  groups: string[];
}

describe('single sign-on (OpenID Connect) against oidc-provider', () => {
  let providerServer: Server;
  let issuer: string;
  let app: NestExpressApplication;
  let apiBase: string;
  let admin: SignedIn;
  // The provider's directory: what findAccount answers, changed by the tests between sign-ons.
  const directory = new Map<string, Person>();

  const newPerson = (groups: string[], name = `it-sso-${randomUUID().slice(0, 8)}`): Person => {
    const person = { sub: `sub-${randomUUID()}`, preferred_username: name.toUpperCase(), name: `Person ${name}`, email: `${name}@city.example`, groups };
    directory.set(person.sub, person);
    return person;
  };

  beforeAll(async () => {
    providerServer = createServer();
    await new Promise<void>((resolve) => providerServer.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(providerServer.address() as AddressInfo).port}`;
    const provider = new Provider(issuer, {
      clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [REDIRECT_URL], grant_types: ['authorization_code'], response_types: ['code'] }],
      // `groups` is a scope of its own here, as at many providers: OIDC_SCOPES asks for it.
      claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups'] },
      pkce: { required: () => true },
      cookies: { keys: ['oidc-it-cookie-key-0123456789'] },
      ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600 },
      findAccount: (_ctx: unknown, sub: string): Account | undefined => {
        if (!directory.has(sub)) return undefined;
        return { accountId: sub, claims: () => ({ ...directory.get(sub)! }) };
      },
    });
    providerServer.on('request', provider.callback());

    const config = parseConfig(apiConfigSchema, {
      DATABASE_URL,
      DATABASE_POOL_SIZE: '2',
      LOG_LEVEL: 'error',
      LIVE_TOKEN_SECRET: 'api-it-oidc-secret-0123456789abcdef0123',
      OIDC_ISSUER_URL: issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_REDIRECT_URL: REDIRECT_URL,
      OIDC_SCOPES: 'openid profile email groups',
      OIDC_ROLE_MAP: 'ub-admins=admin,ub-engineers=engineer,ub-dispatch=dispatcher',
      OIDC_NAME: 'City ID',
    });
    app = await createApp(config, createLogger('api-oidc-test', 'error'));
    await app.listen(0, '127.0.0.1');
    apiBase = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    admin = await signedInAs(app, apiBase, 'admin');
  });

  afterAll(async () => {
    await app?.close();
    providerServer?.closeAllConnections();
    await new Promise((resolve) => providerServer?.close(resolve));
  });

  // The api as a browser calls it: cookies kept, redirects not followed.
  const apiGet = async (jar: CookieJar, path: string) => {
    const response = await fetch(`${apiBase}${path}`, { redirect: 'manual', headers: { cookie: jar.header(new URL(path, apiBase).pathname), 'x-forwarded-for': CLIENT_ADDRESS } });
    return { response, setCookies: jar.take(response), location: response.headers.get('location') };
  };
  const adminGet = async <T>(path: string) => (await (await fetch(`${apiBase}${path}`, { headers: admin.headers })).json()) as T;

  /** At the provider: follow its redirects, sign in as `person` and consent, until it sends the browser back to us. */
  const atProvider = async (authorizationUrl: string, person: Person | 'cancel'): Promise<URL> => {
    const jar = new CookieJar();
    let url = new URL(authorizationUrl);
    for (let step = 0; step < 12; step += 1) {
      if (url.href.startsWith(REDIRECT_URL)) return url;
      expect(url.origin).toBe(issuer);
      const interaction = /^\/interaction\/([^/]+)$/.exec(url.pathname);
      let response: Response;
      if (interaction === null) {
        response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url.pathname) } });
      } else {
        const page = await fetch(url, { headers: { cookie: jar.header(url.pathname) } });
        const html = await page.text();
        const prompt = /name="prompt" value="(login|consent)"/.exec(html)?.[1];
        expect(prompt, html.slice(0, 500)).toBeDefined();
        if (person === 'cancel') {
          const abort = new URL(`${url.pathname}/abort`, issuer);
          response = await fetch(abort, { redirect: 'manual', headers: { cookie: jar.header(abort.pathname) } });
        } else {
          const form: Record<string, string> = prompt === 'login' ? { prompt: 'login', login: person.sub, password: 'any' } : { prompt: 'consent' };
          response = await fetch(url, { method: 'POST', redirect: 'manual', headers: { cookie: jar.header(url.pathname), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
        }
      }
      jar.take(response);
      const location = response.headers.get('location');
      expect(location, `${response.status} at ${url.pathname}: ${await response.text()}`).toBeTruthy();
      url = new URL(location!, url);
    }
    throw new Error('the provider never sent the browser back');
  };

  /** Our callback, where the provider sent the browser, at the api's own address. */
  const callbackPath = (providerRedirect: URL) => `${providerRedirect.pathname}${providerRedirect.search}`;

  /** A whole sign-on in a fresh browser: start, the provider, the callback. */
  const signOn = async (person: Person | 'cancel', next = '/console') => {
    const jar = new CookieJar();
    const start = await apiGet(jar, `/api/auth/oidc/start?next=${encodeURIComponent(next)}`);
    expect(start.response.status).toBe(302);
    const back = await atProvider(start.location!, person);
    const callback = await apiGet(jar, callbackPath(back));
    expect(callback.response.status).toBe(302);
    return { jar, start, callback, location: callback.location! };
  };

  const me = async (jar: CookieJar) => {
    const { response } = await apiGet(jar, '/api/auth/me');
    return { status: response.status, session: response.status === 200 ? ((await response.json()) as BrowserSession) : null };
  };

  const userNamed = async (username: string) => (await adminGet<UserRecord[]>('/api/users')).find((user) => user.username === username);

  it('tells the sign-in page it is on, and its name', async () => {
    const { response } = await apiGet(new CookieJar(), '/api/auth/oidc');
    expect((await response.json()) as OidcSignInOption).toEqual({ enabled: true, name: 'City ID' });
  });

  it('sends the browser to the provider with code, PKCE S256, state and nonce, keeping them in a Lax HTTP-only cookie', async () => {
    const { response, location, setCookies } = await apiGet(new CookieJar(), '/api/auth/oidc/start?next=/replay');
    expect(response.status).toBe(302);
    const url = new URL(location!);
    expect(url.origin).toBe(issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      response_type: 'code',
      redirect_uri: REDIRECT_URL,
      scope: 'openid profile email groups',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.stringMatching(/^[\w-]{20,}$/),
      nonce: expect.stringMatching(/^[\w-]{20,}$/),
    });
    expect(setCookies).toHaveLength(1);
    expect(setCookies[0]).toMatch(/^ub_oidc=/);
    expect(setCookies[0]).toMatch(/HttpOnly/i);
    expect(setCookies[0]).toMatch(/SameSite=Lax/i);
    expect(setCookies[0]).toMatch(/Path=\/api\/auth\/oidc(;|$)/);
    expect(setCookies[0]).toMatch(/Max-Age=600/);
  });

  it('signs a new person in with the highest mapped role, creates their account once, and finds it again', async () => {
    const person = newPerson(['ub-dispatch', 'ub-engineers', 'some-other-group']);
    const first = await signOn(person, '/replay?at=1');
    expect(first.location).toBe('/replay?at=1');
    const cookies = first.callback.setCookies.join('\n');
    expect(cookies).toMatch(/ub_access=[^;]+;.*SameSite=Strict/i);
    expect(cookies).toMatch(/ub_refresh=[^;]+;.*Path=\/api\/auth/);
    expect(first.jar.has('ub_oidc')).toBe(false);

    const username = person.preferred_username.toLowerCase();
    const signedIn = await me(first.jar);
    expect(signedIn.status).toBe(200);
    expect(signedIn.session!.user).toMatchObject({ username, displayName: person.name, role: 'engineer', kind: 'person' });
    const account = await userNamed(username);
    expect(account).toMatchObject({ origin: 'oidc', role: 'engineer', disabled: false });

    const second = await signOn(person);
    expect(second.location).toBe('/console');
    expect((await me(second.jar)).session!.user.id).toBe(account!.id);
    expect((await adminGet<UserRecord[]>('/api/users')).filter((user) => user.username.startsWith(username))).toHaveLength(1);

    const trail = await adminGet<AuditPage>(`/api/audit?target=${username}`);
    expect(trail.entries.map((entry) => `${entry.actor} ${entry.action}`)).toEqual([`${username} auth.sign-in`, `${username} auth.sign-in`, 'oidc user.create']);
    expect(trail.entries[0]!.detail).toMatchObject({ client: 'browser', via: 'oidc' });
  });

  it("follows the provider's groups at each sign-on, recording a role change", async () => {
    const person = newPerson(['ub-dispatch']);
    const username = person.preferred_username.toLowerCase();
    expect((await me((await signOn(person)).jar)).session!.user.role).toBe('dispatcher');

    person.groups = ['ub-admins'];
    expect((await me((await signOn(person)).jar)).session!.user.role).toBe('admin');
    const changes = await adminGet<AuditPage>(`/api/audit?target=${username}&action=user.update`);
    expect(changes.entries).toHaveLength(1);
    expect(changes.entries[0]).toMatchObject({ actor: 'oidc', detail: { role: 'admin', from: 'dispatcher', via: 'oidc' } });
  });

  it('refuses someone none of whose groups is mapped (OIDC_DEFAULT_ROLE none), creating no account', async () => {
    const person = newPerson(['visitors']);
    const { location, callback } = await signOn(person, '/console');
    expect(location).toBe('/sign-in?error=no-role&next=%2Fconsole');
    expect(callback.setCookies.join('\n')).not.toMatch(/ub_access=[^;]/);
    expect(await userNamed(person.preferred_username.toLowerCase())).toBeUndefined();
  });

  it('refuses a disabled account', async () => {
    const person = newPerson(['ub-engineers']);
    const username = person.preferred_username.toLowerCase();
    await signOn(person);
    const account = await userNamed(username);
    const disable = await fetch(`${apiBase}/api/users/${account!.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...admin.headers }, body: JSON.stringify({ disabled: true }) });
    expect(disable.status).toBe(200);

    const { location, jar } = await signOn(person, '/');
    expect(location).toBe('/sign-in?error=disabled');
    expect((await me(jar)).status).toBe(401);
    const failures = await adminGet<AuditPage>(`/api/audit?target=${username}&action=auth.sign-in-failed`);
    expect(failures.entries[0]).toMatchObject({ actor: 'anonymous', ip: CLIENT_ADDRESS, detail: { via: 'oidc', error: 'disabled', reason: 'the account is disabled' } });
  });

  it('never hands an existing local account to a sign-on of the same name', async () => {
    const taken = `it-sso-${randomUUID().slice(0, 8)}`;
    const local = await signedInAs(app, apiBase, 'admin', taken);
    const person = newPerson(['ub-dispatch'], taken);
    const { jar } = await signOn(person);
    const user = (await me(jar)).session!.user;
    expect(user).toMatchObject({ username: `${taken}-2`, role: 'dispatcher' });
    expect((await userNamed(local.username))!.origin).toBe('local');
  });

  it('refuses a callback whose state was tampered with, and one with no sign-on in progress', async () => {
    const since = new Date().toISOString();
    const person = newPerson(['ub-admins']);
    const jar = new CookieJar();
    const start = await apiGet(jar, '/api/auth/oidc/start?next=/admin');
    const back = await atProvider(start.location!, person);
    back.searchParams.set('state', `${back.searchParams.get('state')}x`);
    const tampered = await apiGet(jar, callbackPath(back));
    expect(tampered.location).toBe('/sign-in?error=sso-failed&next=%2Fadmin');
    expect((await me(jar)).status).toBe(401);

    // The same provider answer again, without the flow cookie (the callback cleared it).
    const again = await apiGet(jar, callbackPath(back));
    expect(again.location).toBe('/sign-in?error=sso-expired');
    expect(await userNamed(person.preferred_username.toLowerCase())).toBeUndefined();
    const failures = await adminGet<AuditPage>(`/api/audit?action=auth.sign-in-failed&target=(oidc)&from=${since}`);
    expect(failures.entries.filter((entry) => entry.ip === CLIENT_ADDRESS).map((entry) => entry.detail.error)).toEqual(['sso-expired', 'sso-failed']);
  });

  it('says so when the person cancels at the provider', async () => {
    const { location } = await signOn('cancel', '/console');
    expect(location).toBe('/sign-in?error=sso-denied&next=%2Fconsole');
  });

  it('keeps next to this site', async () => {
    const { location } = await signOn(newPerson(['ub-dispatch']), '//evil.example/steal');
    expect(location).toBe('/');
  });
});
