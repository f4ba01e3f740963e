import { watch, type Component } from 'vue';
import { createRouter, createWebHistory, type Router, type RouterHistory, type RouteRecordRaw } from 'vue-router';
import type { Role, SessionUser } from '@urban-brain/proto';
import type { SessionEnd } from '../auth/session.store';
import { APP_PAGES, routeAccess, safeNext, type PageName } from './app-pages';

declare module 'vue-router' {
  interface RouteMeta {
    /** The lowest role that opens the page (app-pages.ts). */
    role?: Role;
    /** Opens without a session: the sign-in page. */
    public?: boolean;
    /** Draws its own chrome over the whole screen (the wall and its 4K top bar); the others get the app bar. */
    fullScreen?: boolean;
  }
}

type Lazy = () => Promise<Component>;
export type PageComponents = Record<PageName | 'sign-in', Component | Lazy>;

// Each page its own chunk: the sign-in page does not wait for the map and deck.gl.
const PAGE_COMPONENTS: PageComponents = {
  wall: () => import('../wall/WallPage.vue'),
  console: () => import('../console/ConsolePage.vue'),
  replay: () => import('../replay/ReplayPage.vue'),
  admin: () => import('../admin/AdminPage.vue'),
  'sign-in': () => import('../sign-in/SignInPage.vue'),
};

const CORRIDOR_PAGE: Lazy = () => import('../greenwave/CorridorPage.vue');

export function appRoutes(components: PageComponents = PAGE_COMPONENTS): RouteRecordRaw[] {
  return [
    ...APP_PAGES.map((page) => ({ path: page.path, name: page.name, component: components[page.name], meta: { role: page.role, fullScreen: page.name === 'wall' } })),
    // A corridor's time-space diagram: opened from the wall's map (and linked by the replay page), not a nav page.
    { path: '/corridors/:corridorId', name: 'corridor', component: CORRIDOR_PAGE, meta: { role: 'operator' } },
    { path: '/sign-in', name: 'sign-in', component: components['sign-in'], meta: { public: true } },
    { path: '/:unknown(.*)*', redirect: '/' },
  ];
}

/** What the router reads of the session (the Pinia store in the page, a plain reactive object in specs). */
export interface RouterSession {
  readonly user: SessionUser | null;
  readonly ended: SessionEnd | null;
}

/**
 * The app's routes behind the session: nobody signed in goes to `/sign-in?next=<path>`, and back
 * there when the session ends on a page (not `next` after signing out on purpose: the next person
 * starts at the wall). A page the role may not open is left to the shell, which says which role it needs.
 */
export function createAppRouter(session: RouterSession, history: RouterHistory = createWebHistory(), components?: PageComponents): Router {
  const router = createRouter({ history, routes: appRoutes(components) });
  router.beforeEach((to) => {
    if (routeAccess(to.meta, session.user) === 'sign-in') return { name: 'sign-in', query: { next: to.fullPath } };
    if (to.name === 'sign-in' && session.user) return safeNext(to.query.next);
    return true;
  });
  watch(
    () => session.user,
    (user) => {
      const current = router.currentRoute.value;
      if (user || current.meta.public || current.matched.length === 0) return;
      void router.replace(session.ended === 'signed-out' ? { name: 'sign-in' } : { name: 'sign-in', query: { next: current.fullPath } });
    },
  );
  return router;
}
