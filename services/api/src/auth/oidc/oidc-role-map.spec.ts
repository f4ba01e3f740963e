import { describe, expect, it } from 'vitest';
import { claimValues, mappedRole, parseRoleMap } from './oidc-role-map';

const mapOf = (text: string) => {
  const parsed = parseRoleMap(text);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed.map;
};

describe('parseRoleMap', () => {
  it('reads value=role pairs, ignoring blanks and spaces', () => {
    expect([...mapOf(' ub-admins=admin, ub-dispatch = dispatcher,,')]).toEqual([
      ['ub-admins', 'admin'],
      ['ub-dispatch', 'dispatcher'],
    ]);
    expect(mapOf('').size).toBe(0);
  });

  it('splits at the last = so a value may hold one', () => {
    expect([...mapOf('team=ops=engineer')]).toEqual([['team=ops', 'engineer']]);
  });

  it('names the bad pair', () => {
    expect(parseRoleMap('ub-admins')).toEqual({ problem: expect.stringContaining('"ub-admins" is not <claim value>=<role>') });
    expect(parseRoleMap('=admin')).toEqual({ problem: expect.stringContaining('"=admin"') });
    expect(parseRoleMap('ub-admins=root')).toEqual({ problem: expect.stringContaining('root is not a role') });
    expect(parseRoleMap('a=admin,a=operator')).toEqual({ problem: '"a" is mapped twice' });
  });
});

describe('claimValues', () => {
  it('reads a string or an array of strings, nothing else', () => {
    expect(claimValues({ groups: 'ub-admins' }, 'groups')).toEqual(['ub-admins']);
    expect(claimValues({ groups: ['a', 2, 'b', null] }, 'groups')).toEqual(['a', 'b']);
    expect(claimValues({ groups: { a: 1 } }, 'groups')).toEqual([]);
    expect(claimValues({}, 'groups')).toEqual([]);
  });

  it('follows a dotted path into nested claims when no claim has the dotted name', () => {
    expect(claimValues({ realm_access: { roles: ['ub-engineers'] } }, 'realm_access.roles')).toEqual(['ub-engineers']);
    expect(claimValues({ 'realm_access.roles': 'flat', realm_access: { roles: ['nested'] } }, 'realm_access.roles')).toEqual(['flat']);
    expect(claimValues({ realm_access: 'x' }, 'realm_access.roles')).toEqual([]);
  });
});

describe('mappedRole', () => {
  const map = mapOf('ub-admins=admin,ub-engineers=engineer,ub-dispatch=dispatcher');

  it('gives the highest mapped role, whatever the order', () => {
    expect(mappedRole(['ub-dispatch', 'ub-admins', 'ub-engineers'], map, null)).toBe('admin');
    expect(mappedRole(['other', 'ub-dispatch'], map, null)).toBe('dispatcher');
  });

  it('falls back to the default role, or null (refuse) without one', () => {
    expect(mappedRole(['other'], map, 'operator')).toBe('operator');
    expect(mappedRole([], map, null)).toBeNull();
  });

  it('prefers a mapped role over the default even when the default is higher', () => {
    expect(mappedRole(['ub-dispatch'], map, 'engineer')).toBe('dispatcher');
  });
});
