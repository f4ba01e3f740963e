import { nextTick, reactive } from 'vue';
import { createMemoryHistory, type Router } from 'vue-router';
import { describe, expect, it } from 'vitest';
import type { Role, SessionUser } from '@urban-brain/proto';
import { createAppRouter, type PageComponents, type RouterSession } from './app-router';

const page = { render: () => null };
const COMPONENTS: PageComponents = { wall: page, console: page, replay: page, admin: page, 'sign-in': page };
const user = (role: Role): SessionUser => ({ id: role, username: role, displayName: role, role, kind: 'person' });

function routerFor(signedIn: Role | null) {
  const session = reactive<{ user: SessionUser | null; ended: RouterSession['ended'] }>({ user: signedIn ? user(signedIn) : null, ended: null });
  const router = createAppRouter(session, createMemoryHistory(), COMPONENTS);
  return { session, router };
}
const go = async (router: Router, path: string) => {
  await router.push(path);
  return router.currentRoute.value.fullPath;
};

describe('the app router', () => {
  it('sends nobody to sign in, keeping the page and its query to come back to', async () => {
    const { router } = routerFor(null);
    expect(await go(router, '/admin')).toBe('/sign-in?next=/admin');
    expect(await go(router, '/?kiosk=1&lang=zh-CN')).toBe('/sign-in?next=/?kiosk=1%26lang=zh-CN');
    expect(router.currentRoute.value.query.next).toBe('/?kiosk=1&lang=zh-CN');
  });

  it('opens a page to a role allowed it, and leaves a page above the role to the shell to explain', async () => {
    const { router } = routerFor('dispatcher');
    expect(await go(router, '/console')).toBe('/console');
    expect(await go(router, '/admin')).toBe('/admin');
    expect(router.currentRoute.value.meta.role).toBe('admin');
  });

  it('keeps the query string on the wall', async () => {
    const { router } = routerFor('operator');
    expect(await go(router, '/?kiosk=1&tourSeconds=5')).toBe('/?kiosk=1&tourSeconds=5');
    expect(router.currentRoute.value.meta.fullScreen).toBe(true);
  });

  it('sends a signed-in user away from the sign-in page, to next when it is of this site', async () => {
    const { router } = routerFor('engineer');
    expect(await go(router, '/sign-in?next=/replay')).toBe('/replay');
    expect(await go(router, '/sign-in?next=//evil.example')).toBe('/');
  });

  it('goes to the sign-in page when the session ends on a page, with next unless signed out on purpose', async () => {
    const expired = routerFor('engineer');
    await go(expired.router, '/replay');
    expired.session.ended = 'expired';
    expired.session.user = null;
    await nextTick();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(expired.router.currentRoute.value.fullPath).toBe('/sign-in?next=/replay');

    const signedOut = routerFor('admin');
    await go(signedOut.router, '/admin');
    signedOut.session.ended = 'signed-out';
    signedOut.session.user = null;
    await nextTick();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(signedOut.router.currentRoute.value.fullPath).toBe('/sign-in');
  });

  it('sends an unknown path to the wall', async () => {
    const { router } = routerFor('operator');
    expect(await go(router, '/nowhere')).toBe('/');
  });
});
