import { describe, expect, it } from 'vitest';
import { AUTH_ME_URL, createAuthClient, DEVICE_SIGN_IN_URL, retryAfterSeconds, SIGN_IN_URL } from './auth-client';

const NOW = Date.parse('2026-12-04T08:00:00Z');
const session = { user: { id: 'u1', username: 'li.wei', displayName: 'Li Wei', role: 'engineer', kind: 'person' }, accessExpiresAtMs: NOW + 900_000, refreshExpiresAtMs: NOW + 43_200_000 };

function answering(response: () => Response) {
  const asked: { url: string; method: string; body: string | null }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit = {}) => {
    asked.push({ url, method: init.method ?? 'GET', body: (init.body as string | undefined) ?? null });
    return response();
  }) as unknown as typeof fetch;
  return { client: createAuthClient(fetchImpl, () => NOW), asked };
}

describe('the auth client', () => {
  it('reads a session and how far the api clock is from ours', async () => {
    const api = answering(() => new Response(JSON.stringify(session), { headers: { date: new Date(NOW + 3_000).toUTCString() } }));
    expect(await api.client.me()).toEqual({ kind: 'session', session, serverClockOffsetMs: 3_000 });
    expect(api.asked).toEqual([{ url: AUTH_ME_URL, method: 'GET', body: null }]);
  });

  it('posts the sign-in and the kiosk credential as JSON', async () => {
    const api = answering(() => new Response(JSON.stringify(session)));
    await api.client.signIn({ username: 'li.wei', password: 'pw' });
    await api.client.enrolDevice({ credential: 'abc' });
    expect(api.asked).toEqual([
      { url: SIGN_IN_URL, method: 'POST', body: '{"username":"li.wei","password":"pw"}' },
      { url: DEVICE_SIGN_IN_URL, method: 'POST', body: '{"credential":"abc"}' },
    ]);
  });

  it("reads a refusal's code and Retry-After", async () => {
    const api = answering(
      () => new Response(JSON.stringify({ statusCode: 429, code: 'SIGN_IN_THROTTLED', message: 'slow down' }), { status: 429, headers: { 'retry-after': '37' } }),
    );
    expect(await api.client.signIn({ username: 'a', password: 'b' })).toEqual({ kind: 'refused', status: 429, code: 'SIGN_IN_THROTTLED', retryAfterS: 37 });
  });

  it('takes a network failure, a 5xx from the proxy or a body without a session as unreachable', async () => {
    const down = createAuthClient((async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch);
    expect(await down.me()).toMatchObject({ kind: 'unreachable' });
    expect(await answering(() => new Response('proxy error', { status: 502 })).client.refresh()).toMatchObject({ kind: 'unreachable' });
    expect(await answering(() => new Response('<html>')).client.me()).toMatchObject({ kind: 'unreachable' });
  });

  it('signs out, or says the access cookie had expired, or that the api is away', async () => {
    expect(await answering(() => new Response(null, { status: 204 })).client.signOut()).toBe('signed-out');
    expect(await answering(() => new Response(null, { status: 401 })).client.signOut()).toBe('unauthenticated');
    expect(await answering(() => new Response('', { status: 503 })).client.signOut()).toBe('unreachable');
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterSeconds('12', NOW)).toBe(12);
    expect(retryAfterSeconds(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30);
    expect(retryAfterSeconds(null, NOW)).toBeNull();
    expect(retryAfterSeconds('soon', NOW)).toBeNull();
  });
});
