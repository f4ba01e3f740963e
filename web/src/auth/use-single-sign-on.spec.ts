import { describe, expect, it } from 'vitest';
import { SSO_OPTION_URL, ssoErrorOf, ssoStartHref, useSingleSignOn } from './use-single-sign-on';

const answering = (response: () => Response | Promise<Response>) => {
  const asked: string[] = [];
  const fetchImpl = (async (url: string) => {
    asked.push(url);
    return response();
  }) as unknown as typeof fetch;
  return { sso: useSingleSignOn(fetchImpl), asked };
};

describe('single sign-on on the sign-in page', () => {
  it('offers the button when the api says it is on, with its name', async () => {
    const api = answering(() => new Response(JSON.stringify({ enabled: true, name: 'City ID' })));
    expect(api.sso.option.value).toBeNull();
    await api.sso.load();
    expect(api.asked).toEqual([SSO_OPTION_URL]);
    expect(api.sso.option.value).toEqual({ enabled: true, name: 'City ID' });
  });

  it('offers nothing when it is off, or the api cannot be asked', async () => {
    const off = answering(() => new Response(JSON.stringify({ enabled: false })));
    await off.sso.load();
    expect(off.sso.option.value).toEqual({ enabled: false });
    const away = answering(() => Promise.reject(new TypeError('fetch failed')));
    await away.sso.load();
    expect(away.sso.option.value).toBeNull();
    const proxyError = answering(() => new Response('bad gateway', { status: 502 }));
    await proxyError.sso.load();
    expect(proxyError.sso.option.value).toBeNull();
  });

  it('starts with the page to come back to', () => {
    expect(ssoStartHref('/console')).toBe('/api/auth/oidc/start?next=%2Fconsole');
    expect(ssoStartHref('/replay?at=1')).toBe('/api/auth/oidc/start?next=%2Freplay%3Fat%3D1');
    expect(ssoStartHref('/')).toBe('/api/auth/oidc/start');
  });

  it("reads only the api's own error codes from the address", () => {
    expect(ssoErrorOf('no-role')).toBe('no-role');
    expect(ssoErrorOf(['disabled'])).toBe('disabled');
    expect(ssoErrorOf('<script>')).toBeNull();
    expect(ssoErrorOf(undefined)).toBeNull();
  });
});
