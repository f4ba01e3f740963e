import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '..');

// UB_E2E_PORT_OFFSET shifts every port (and the data dir), so two e2e runs can share a machine.
const OFFSET = Number(process.env.UB_E2E_PORT_OFFSET ?? 0);
const port = (base: number) => String(base + OFFSET);

/** `npm start` on its own data dir and ports, so it never meets a developer's stack. */
export const E2E_ENV = {
  UB_DATA_DIR: path.join(ROOT, OFFSET ? `.data/e2e-${OFFSET}` : '.data/e2e'),
  KAFKA_PORT: port(39092),
  KAFKA_CONTROLLER_PORT: port(39093),
  PG_PORT: port(55434),
  API_PORT: port(3100),
  REALTIME_PORT: port(3101),
  INGEST_PORT: port(3102),
  SIMULATOR_PORT: port(3103),
  ALERTING_PORT: port(3104),
  WEB_PORT: port(5180),
  SIM_TRUCKS: '120',
  // The day so far (millions of past readings through ingest in the first minutes) is checked by the
  // simulator's at-speed spec; the browser tests look at the live wall, on a machine they share.
  SIM_BACKFILL: 'off',
};

export interface StackExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A demo login as `npm start` prints it: `Login: <username> / <password> (<role>)`. */
export interface DemoLogin {
  username: string;
  password: string;
  role: string;
}

export interface StartedStack {
  process: ChildProcess;
  /** Resolves once npm and every process sharing its output have exited. */
  closed: Promise<StackExit>;
  /** As printed: the wall's kiosk link (`http://127.0.0.1:<port>/#kiosk=<credential>`) in the demo. */
  dashboard: string;
  /** The web server's address without the kiosk link. */
  origin: string;
  /** One per role in the demo. */
  logins: DemoLogin[];
  database: string;
  kafka: string;
  output: () => string;
}

/** Runs `npm start` the way a person does and waits for its lines (the demo logins come last). */
export async function startStack(timeoutMs = 480_000): Promise<StartedStack> {
  // Own process group, so stopping it is a Ctrl-C to the whole group.
  const child = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, ...E2E_ENV }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = new Promise<StackExit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const deadline = Date.now() + timeoutMs;
  const line = (name: string) => out.match(new RegExp(`^${name}: (\\S+)$`, 'm'))?.[1];
  while (!(line('Dashboard') && line('Database') && line('Kafka') && /^\[stack\] running; press Ctrl-C to stop$/m.test(out))) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${out.slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`npm start printed no dashboard URL in ${timeoutMs / 1000}s:\n${out.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const logins = [...out.matchAll(/^Login: (\S+) \/ (\S+) \((\w+)\)$/gm)].map(([, username, password, role]) => ({ username: username!, password: password!, role: role! }));
  const dashboard = line('Dashboard')!;
  return { process: child, closed, dashboard, origin: new URL('/', dashboard).href, logins, database: line('Database')!, kafka: line('Kafka')!, output: () => out };
}

/**
 * The wall at `query` (e.g. '/?lang=en') on a page already signed in (its kiosk link opened once):
 * no fragment, so a reload is a reload (the same address plus `#kiosk=` would only move the fragment).
 */
export function wallAddress(stack: StartedStack, query = '/'): string {
  return new URL(query, stack.origin).href;
}

/** Opens the kiosk link and waits until the page has traded it for the wall device's session and dropped it from the address. */
export async function openKioskLink(page: Page, stack: StartedStack, query = '/'): Promise<void> {
  const link = new URL(query, stack.origin);
  link.hash = new URL(stack.dashboard).hash;
  await page.goto(link.href);
  await page.waitForFunction(() => window.location.hash === '' && document.querySelector('[data-testid="session-chip"]') !== null, undefined, { timeout: 60_000 });
}

/** Ctrl-C: SIGINT to the process group, as a terminal sends it; resolves when all of it has exited. */
export async function interruptStack(stack: StartedStack, timeoutMs = 90_000): Promise<StackExit> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-stack.process.pid!, sig);
    } catch {
      // the group is already gone
    }
  };
  signal('SIGINT');
  const timer = setTimeout(() => signal('SIGKILL'), timeoutMs);
  const exit = await stack.closed;
  clearTimeout(timer);
  return exit;
}

export function servicePid(name: string): number {
  return Number(readFileSync(path.join(E2E_ENV.UB_DATA_DIR, 'run', `${name}.pid`), 'utf8'));
}

export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
