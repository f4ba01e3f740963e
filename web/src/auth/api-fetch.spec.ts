import { describe, expect, it } from 'vitest';
import { createApiFetch } from './api-fetch';

/** A fake api: answers each call from `answer`, and records what was asked. */
function fakeApi(answer: (url: string, call: number) => Response) {
  const asked: { url: string; method: string; body: string | null }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? new Request(input, init) : new Request(new URL(String(input), 'http://page.test'), init);
    asked.push({ url: new URL(request.url).pathname, method: request.method, body: request.body ? await request.text() : null });
    return answer(new URL(request.url).pathname, asked.length);
  }) as typeof fetch;
  return { fetchImpl, asked };
}

describe('the api fetch', () => {
  it('passes an answer other than 401 through untouched, without refreshing', async () => {
    let renewals = 0;
    const api = fakeApi(() => new Response('{"x":1}', { status: 200 }));
    const apiFetch = createApiFetch(api.fetchImpl, async () => (renewals++, true));
    expect(await (await apiFetch('/api/city/basemap')).json()).toEqual({ x: 1 });
    const forbidden = fakeApi(() => new Response('', { status: 403 }));
    expect((await createApiFetch(forbidden.fetchImpl, async () => (renewals++, true))('/api/users')).status).toBe(403);
    expect(renewals).toBe(0);
  });

  it('refreshes once on a 401 and sends the request again, body and all', async () => {
    let renewals = 0;
    const api = fakeApi((_url, call) => new Response(call === 1 ? '' : '{"ok":true}', { status: call === 1 ? 401 : 200 }));
    const apiFetch = createApiFetch(api.fetchImpl, async () => (renewals++, true));
    const response = await apiFetch('/api/users', { method: 'POST', body: '{"username":"li.wei"}' });
    expect(response.status).toBe(200);
    expect(renewals).toBe(1);
    expect(api.asked).toEqual([
      { url: '/api/users', method: 'POST', body: '{"username":"li.wei"}' },
      { url: '/api/users', method: 'POST', body: '{"username":"li.wei"}' },
    ]);
  });

  it('resends a Request object with its body after the refresh', async () => {
    const api = fakeApi((_url, call) => new Response(call === 1 ? '' : 'ok', { status: call === 1 ? 401 : 200 }));
    const apiFetch = createApiFetch(api.fetchImpl, async () => true);
    const response = await apiFetch(new Request('http://page.test/api/live/tokens', { method: 'POST', body: 'hello' }));
    expect(response.status).toBe(200);
    expect(api.asked.map((call) => call.body)).toEqual(['hello', 'hello']);
  });

  it('retries only once: a second 401 is the answer', async () => {
    let renewals = 0;
    const api = fakeApi(() => new Response('', { status: 401 }));
    const apiFetch = createApiFetch(api.fetchImpl, async () => (renewals++, true));
    expect((await apiFetch('/api/history/tracks')).status).toBe(401);
    expect(api.asked).toHaveLength(2);
    expect(renewals).toBe(1);
  });

  it('gives the 401 back without a retry when the session cannot be renewed', async () => {
    const api = fakeApi(() => new Response('', { status: 401 }));
    const apiFetch = createApiFetch(api.fetchImpl, async () => false);
    expect((await apiFetch('/api/users')).status).toBe(401);
    expect(api.asked).toHaveLength(1);
  });

  it('never refreshes for the auth routes themselves (a 401 there is an answer)', async () => {
    let renewals = 0;
    const api = fakeApi(() => new Response('', { status: 401 }));
    const apiFetch = createApiFetch(api.fetchImpl, async () => (renewals++, true));
    expect((await apiFetch('/api/auth/me')).status).toBe(401);
    expect((await apiFetch(new URL('http://page.test/api/auth/refresh'))).status).toBe(401);
    expect(renewals).toBe(0);
  });
});
