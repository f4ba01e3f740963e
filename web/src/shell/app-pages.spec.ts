import { describe, expect, it } from 'vitest';
import type { Role, SessionUser } from '@urban-brain/proto';
import { pagesFor, routeAccess, safeNext } from './app-pages';

const user = (role: Role): SessionUser => ({ id: role, username: role, displayName: role, role, kind: 'person' });

describe('the pages each role opens', () => {
  it('adds pages up the ranks', () => {
    expect(pagesFor('operator').map((page) => page.name)).toEqual(['wall']);
    expect(pagesFor('dispatcher').map((page) => page.name)).toEqual(['wall', 'console']);
    expect(pagesFor('engineer').map((page) => page.name)).toEqual(['wall', 'console', 'replay']);
    expect(pagesFor('admin').map((page) => page.name)).toEqual(['wall', 'console', 'replay', 'admin']);
  });

  it('sends nobody to sign in, opens a page to its role and up, and says which role it needs otherwise', () => {
    expect(routeAccess({ role: 'operator' }, null)).toBe('sign-in');
    expect(routeAccess({ public: true }, null)).toBe('open');
    expect(routeAccess({ role: 'engineer' }, user('engineer'))).toBe('open');
    expect(routeAccess({ role: 'engineer' }, user('admin'))).toBe('open');
    expect(routeAccess({ role: 'engineer' }, user('dispatcher'))).toBe('role-required');
    expect(routeAccess({ role: 'admin' }, user('operator'))).toBe('role-required');
  });

  it('goes back only to a path of this site after signing in', () => {
    expect(safeNext('/admin')).toBe('/admin');
    expect(safeNext('/?kiosk=1&lang=zh-CN')).toBe('/?kiosk=1&lang=zh-CN');
    expect(safeNext(['/replay', '/admin'])).toBe('/replay');
    expect(safeNext(undefined)).toBe('/');
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('/\\evil.example/')).toBe('/');
    expect(safeNext('/sign-in?next=/admin')).toBe('/');
  });
});
