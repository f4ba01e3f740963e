// Users and roles in the browser (issue 12), as people meet them: each demo login signs in through
// the sign-in page and gets the pages of its role, a wrong password is told plainly, the admin adds
// a user and disables them (who is then out at once), and the wall signs in from its kiosk link alone.
// Screenshots land in artifacts/ for a person to judge.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';
import './page-hooks';
import { interruptStack, openKioskLink, ROOT, startStack, wallAddress, type DemoLogin, type StartedStack } from './started-stack';

const ARTIFACTS = path.join(ROOT, 'artifacts');
const ROLES = ['operator', 'dispatcher', 'engineer', 'admin'] as const;
type Role = (typeof ROLES)[number];
// The pages of app-pages.ts, in nav order, and the lowest role that opens each.
const PAGES: [name: string, path: string, role: Role][] = [
  ['wall', '/', 'operator'],
  ['console', '/console', 'dispatcher'],
  ['replay', '/replay', 'engineer'],
  ['admin', '/admin', 'admin'],
];
const rank = (role: string) => ROLES.indexOf(role as Role);

let stack: StartedStack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

/** A fresh browser profile (no cookies), in English, at 1080p. */
async function freshPage(): Promise<Page> {
  const context = await browser!.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'en-GB' });
  contexts.push(context);
  return context.newPage();
}

const shoot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, name), timeout: 120_000 });
const loginFor = (role: Role): DemoLogin => {
  const login = stack!.logins.find((candidate) => candidate.role === role);
  if (!login) throw new Error(`npm start printed no ${role} login:\n${stack!.output().slice(-3000)}`);
  return login;
};

/** Types into the sign-in page the page is on and submits. */
async function typeSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.waitForSelector('[data-testid="sign-in-form"]');
  await page.fill('[data-testid="sign-in-username"]', username);
  await page.fill('[data-testid="sign-in-password"]', password);
  await page.click('[data-testid="sign-in-submit"]');
}

/** The nav's pages on a desk page (the app bar), or on the wall from the menu under the signed-in name. */
async function navPages(page: Page): Promise<string[]> {
  if (await page.locator('[data-testid="app-bar"]').count()) {
    return page.locator('[data-testid="app-bar"] [data-testid^="nav-"]').evaluateAll((links) => links.map((link) => link.getAttribute('data-testid')!.slice(4)));
  }
  await page.click('[data-testid="session-menu"]');
  const pages = await page.locator('[data-testid="session-menu-panel"] [data-testid^="nav-"]').evaluateAll((links) => links.map((link) => link.getAttribute('data-testid')!.slice(4)));
  await page.keyboard.press('Escape');
  return pages;
}

describe('users and roles in the browser', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    stack = await startStack();
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    if (stack) await interruptStack(stack);
  });

  it('prints one demo login per role', () => {
    expect(stack!.logins.map((login) => login.role).sort()).toEqual([...ROLES].sort());
    for (const login of stack!.logins) expect(login.password.length, login.username).toBeGreaterThanOrEqual(8);
  });

  it('says "wrong username or password" for a wrong password, and nothing opens', async () => {
    const page = await freshPage();
    await page.goto(wallAddress(stack!, '/?lang=en'));
    // Nobody signed in: the sign-in page, with the way back to the wall and its query.
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/?lang=en');
    await typeSignIn(page, loginFor('operator').username, 'not-the-password');
    await page.waitForSelector('[data-testid="sign-in-error"]');
    expect(await page.getAttribute('[data-testid="sign-in-error"]', 'data-problem')).toBe('bad-credentials');
    expect(await page.innerText('[data-testid="sign-in-error"]')).toBe('Wrong username or password');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await shoot(page, 'sign-in-wrong-password-1920x1080.png');
  });

  for (const role of ROLES) {
    it(`signs the ${role} in through the sign-in page and opens the pages of that role only`, async () => {
      const login = loginFor(role);
      const page = await freshPage();
      // Asked for the replay page: signed in, the page goes there (or says which role it needs).
      await page.goto(wallAddress(stack!, '/replay'));
      await page.waitForURL((url) => url.pathname === '/sign-in');
      await typeSignIn(page, login.username, login.password);
      await page.waitForURL((url) => url.pathname === '/replay');
      await page.waitForSelector('[data-testid="session-chip"]');
      expect(await page.getAttribute('[data-testid="session-chip"]', 'data-role')).toBe(role);
      expect(await page.innerText('[data-testid="session-role"]')).toBe(role[0]!.toUpperCase() + role.slice(1));

      const allowed = PAGES.filter(([, , needs]) => rank(role) >= rank(needs));
      expect(await navPages(page)).toEqual(allowed.map(([name]) => name));

      for (const [name, pagePath, needs] of PAGES.filter(([name]) => name !== 'wall')) {
        await page.goto(wallAddress(stack!, pagePath));
        await page.waitForSelector('[data-testid="app-bar"]');
        if (rank(role) >= rank(needs)) {
          await page.waitForSelector(`[data-testid="${name}-page"]`);
          expect(await page.locator('[data-testid="role-required"]').count(), `${role} on ${pagePath}`).toBe(0);
        } else {
          // Not a blank page: it says which role the page needs.
          await page.waitForSelector('[data-testid="role-required"]');
          expect(await page.getAttribute('[data-testid="role-required"]', 'data-needs')).toBe(needs);
          expect(await page.innerText('[data-testid="role-required"] h1')).toMatch(/needs the \w+ role/);
        }
      }
      await page.goto(wallAddress(stack!, role === 'admin' ? '/admin' : role === 'operator' ? '/console' : '/replay'));
      await page.waitForSelector('[data-testid="app-bar"]');
      if (role === 'admin') await page.waitForSelector('[data-testid="users-table"] tbody tr');
      await shoot(page, `sign-in-as-${role}-1920x1080.png`);

      // The wall opens for every role, with the signed-in chip in its own top bar.
      await page.goto(wallAddress(stack!, '/'));
      await page.waitForFunction(() => (window.__ubLive?.trucks().length ?? 0) > 0, undefined, { timeout: 90_000 });
      expect(await page.innerText('.top-bar [data-testid="session-name"]')).not.toBe('');
      expect(await navPages(page)).toEqual(allowed.map(([name]) => name));

      // Signing out goes back to the sign-in page, and the session is gone for a reload too.
      await page.click('[data-testid="sign-out"]');
      await page.waitForURL((url) => url.pathname === '/sign-in');
      await page.reload();
      await page.waitForSelector('[data-testid="sign-in-form"]');
      expect(await page.locator('[data-testid="session-chip"]').count()).toBe(0);
    });
  }

  it('lets the admin add a user, shows the password once, and disable them: out at once', async () => {
    const admin = await freshPage();
    await admin.goto(wallAddress(stack!, '/admin'));
    await typeSignIn(admin, loginFor('admin').username, loginFor('admin').password);
    await admin.waitForSelector('[data-testid="users-table"] tbody tr');

    const username = `e2e.${Date.now().toString(36)}`;
    await admin.fill('[data-testid="add-username"]', username);
    await admin.fill('[data-testid="add-display-name"]', 'E2E Dispatcher');
    await admin.selectOption('[data-testid="add-role"]', 'dispatcher');
    await admin.click('[data-testid="add-submit"]');
    await admin.waitForSelector('[data-testid="secret-dialog"][data-kind="password"]');
    const password = await admin.inputValue('[data-testid="secret-value"]');
    expect(password.length).toBeGreaterThanOrEqual(8);
    await shoot(admin, 'admin-user-created-1920x1080.png');
    await admin.click('[data-testid="secret-close"]');
    const row = admin.locator(`[data-testid="user-row-${username}"]`);
    expect(await row.getAttribute('data-role')).toBe('dispatcher');
    expect(await row.getAttribute('data-disabled')).toBe('false');

    // The new user signs in with the password the dialog showed.
    const user = await freshPage();
    await user.goto(wallAddress(stack!, '/console'));
    await typeSignIn(user, username, password);
    await user.waitForSelector('[data-testid="console-page"]');
    expect(await user.innerText('[data-testid="app-bar"] [data-testid="session-name"]')).toBe('E2E Dispatcher');

    await row.locator('[data-testid="user-disable"]').click();
    await admin.click('[data-testid="confirm-ok"]');
    await admin.waitForSelector(`[data-testid="user-row-${username}"][data-disabled="true"]`);
    // The audit log shows both changes at once.
    await admin.waitForSelector('[data-testid="audit-row"][data-action="user.create"]');
    await admin.waitForSelector('[data-testid="audit-row"][data-action="user.update"]');
    // Newest first: the disabling on top, by the admin, about the new user.
    expect(await admin.locator('[data-testid="audit-row"]').first().innerText()).toMatch(new RegExp(`${loginFor('admin').username}\\s+user\\.update\\s+${username.replace('.', '\\.')}`));
    await shoot(admin, 'admin-user-disabled-1920x1080.png');

    // The disabled user's next request is refused and the page goes to sign-in, where their password no longer works.
    await user.reload();
    await user.waitForSelector('[data-testid="sign-in-form"]');
    await typeSignIn(user, username, password);
    await user.waitForSelector('[data-testid="sign-in-error"]');
    expect(await user.innerText('[data-testid="sign-in-error"]')).toBe('Wrong username or password');
  });

  it('signs the wall in from its kiosk link alone, drops the credential from the address, and shows no sign-out in kiosk mode', async () => {
    const page = await freshPage();
    await openKioskLink(page, stack!, '/?kiosk=1&lang=zh-CN');
    expect(page.url()).toBe(wallAddress(stack!, '/?kiosk=1&lang=zh-CN'));
    expect(await page.getAttribute('[data-testid="session-chip"]', 'data-role')).toBe('operator');
    expect(await page.locator('[data-testid="sign-out"]').count()).toBe(0);
    expect(await page.locator('[data-testid="session-menu"]').count()).toBe(0);
    await page.waitForFunction(() => (window.__ubLive?.renderedTrucks ?? 0) >= 100, undefined, { timeout: 90_000 });
    await shoot(page, 'sign-in-kiosk-wall-zh-1920x1080.png');
  });
});
