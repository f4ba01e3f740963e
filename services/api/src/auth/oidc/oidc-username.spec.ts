import { describe, expect, it } from 'vitest';
import { oidcUsernameBase, usernameCandidates } from './oidc-username';

const VALID = /^[a-z0-9][a-z0-9._@-]{1,63}$/;

describe('oidcUsernameBase', () => {
  it('takes preferred_username, else email, else the subject, in lower case', () => {
    expect(oidcUsernameBase({ sub: '1', preferred_username: 'Li.Wei', email: 'x@city.example' })).toBe('li.wei');
    expect(oidcUsernameBase({ sub: '1', email: 'Zhang.San@City.Example' })).toBe('zhang.san@city.example');
    expect(oidcUsernameBase({ sub: 'a1B2' })).toBe('sso-a1b2');
  });

  it('reduces any name to one the users table accepts', () => {
    for (const claims of [
      { sub: '1', preferred_username: '  王伟 ' },
      { sub: '1', preferred_username: '-_dispatch desk 3_-' },
      { sub: '1', preferred_username: 'x' },
      { sub: '1', preferred_username: 'a'.repeat(200) },
      { sub: '' },
    ]) {
      const base = oidcUsernameBase(claims);
      expect(base).toMatch(VALID);
      for (const candidate of usernameCandidates(base)) expect(candidate).toMatch(VALID);
    }
    expect(oidcUsernameBase({ sub: '1', preferred_username: '-_dispatch desk 3_-' })).toBe('dispatch-desk-3');
    // Nothing usable in the name: the subject names the account.
    expect(oidcUsernameBase({ sub: 'u-42', preferred_username: '王伟' })).toBe('sso-u-42');
  });
});

describe('usernameCandidates', () => {
  it('numbers, then randomises, never repeating the base', () => {
    const all = [...usernameCandidates('li.wei')];
    expect(all.slice(0, 3)).toEqual(['li.wei', 'li.wei-2', 'li.wei-3']);
    expect(new Set(all).size).toBe(all.length);
    expect(all.at(-1)).toMatch(/^li\.wei-[0-9a-f]{6}$/);
  });
});
