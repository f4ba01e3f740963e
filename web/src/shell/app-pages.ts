import { roleAtLeast, type Role, type SessionUser } from '@urban-brain/proto';

export type PageName = 'wall' | 'console' | 'replay' | 'admin';

/** A page behind the session and the lowest role that opens it: the router's routes and the nav's links. */
export interface AppPage {
  name: PageName;
  path: string;
  role: Role;
}

// What each role may do (docs/users-and-roles.md): the wall for all, alert work for dispatchers,
// history and replay for engineers, users and the audit log for admins.
export const APP_PAGES: readonly AppPage[] = [
  { name: 'wall', path: '/', role: 'operator' },
  { name: 'console', path: '/console', role: 'dispatcher' },
  { name: 'replay', path: '/replay', role: 'engineer' },
  { name: 'admin', path: '/admin', role: 'admin' },
];

/** The pages a role may open, in nav order. */
export function pagesFor(role: Role): AppPage[] {
  return APP_PAGES.filter((page) => roleAtLeast(role, page.role));
}

export type RouteAccess = 'open' | 'sign-in' | 'role-required';

/** Whether a route with these needs opens for this user, or sends them to sign in, or says which role it needs. */
export function routeAccess(needs: { role?: Role; public?: boolean }, user: SessionUser | null): RouteAccess {
  if (needs.public) return 'open';
  if (!user) return 'sign-in';
  return !needs.role || roleAtLeast(user.role, needs.role) ? 'open' : 'role-required';
}

/**
 * Where to go after signing in: the `next` the sign-in page was sent with, if it is a path of
 * this site (never another origin: `//host` or `/\host` would leave it), else the wall.
 */
export function safeNext(next: unknown): string {
  const path = Array.isArray(next) ? next[0] : next;
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
  if (path === '/sign-in' || path.startsWith('/sign-in?') || path.startsWith('/sign-in#')) return '/';
  return path;
}
