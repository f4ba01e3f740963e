import { describe, expect, it } from 'vitest';
import { AdminRequestError, auditUrl, createAdminApi } from './admin-api';

function recording(answer: () => Response) {
  const asked: { url: string; method: string; body: string | null }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit = {}) => {
    asked.push({ url, method: init.method ?? 'GET', body: (init.body as string | undefined) ?? null });
    return answer();
  }) as unknown as typeof fetch;
  return { api: createAdminApi(fetchImpl), asked };
}

describe('the admin api client', () => {
  it('calls each admin route with its method and JSON body', async () => {
    const { api, asked } = recording(() => new Response('{}'));
    await api.listUsers();
    await api.createUser({ username: 'wall-2', role: 'operator', kind: 'device' });
    await api.updateUser('id 1', { disabled: true });
    await api.resetPassword('u1');
    await api.issueDeviceCredential('d1');
    await api.auditPage({ actor: 'admin', limit: 50 });
    expect(asked).toEqual([
      { url: '/api/users', method: 'GET', body: null },
      { url: '/api/users', method: 'POST', body: '{"username":"wall-2","role":"operator","kind":"device"}' },
      { url: '/api/users/id%201', method: 'PATCH', body: '{"disabled":true}' },
      { url: '/api/users/u1/password', method: 'POST', body: '{}' },
      { url: '/api/users/d1/device-credential', method: 'POST', body: '{}' },
      { url: '/api/audit?actor=admin&limit=50', method: 'GET', body: null },
    ]);
  });

  it("throws the api's code and message on a refusal, or names the route and status without a body", async () => {
    const taken = recording(() => new Response(JSON.stringify({ statusCode: 409, code: 'USERNAME_TAKEN', message: 'username li.wei is taken' }), { status: 409 }));
    const refusal = await taken.api.createUser({ username: 'li.wei', role: 'operator' }).catch((failure: unknown) => failure);
    expect(refusal).toBeInstanceOf(AdminRequestError);
    expect(refusal).toMatchObject({ status: 409, code: 'USERNAME_TAKEN', message: 'username li.wei is taken' });
    const invalid = recording(
      () =>
        new Response(JSON.stringify({ statusCode: 400, code: 'INVALID_BODY', message: 'Invalid request body', fields: [{ field: 'username', problem: 'must be 2-64 characters' }] }), {
          status: 400,
        }),
    );
    await expect(invalid.api.createUser({ username: 'x', role: 'operator' })).rejects.toThrow('Invalid request body: username must be 2-64 characters');
    const bare = recording(() => new Response('Bad Gateway', { status: 502 }));
    await expect(bare.api.auditPage({ actor: 'x' })).rejects.toThrow('GET /api/audit answered 502');
  });

  it('sends only the audit filters that are set', () => {
    expect(auditUrl({})).toBe('/api/audit');
    expect(auditUrl({ actor: ' ', action: 'user.create', from: undefined, before: '2026-12-04T08:00:00.000Z' })).toBe(
      '/api/audit?action=user.create&before=2026-12-04T08%3A00%3A00.000Z',
    );
  });
});
