import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AccountKind, BrowserSession, SessionUser } from '@urban-brain/proto';
import { createAuthClient, type AuthAnswer, type AuthClient } from './auth-client';
import { addressWithoutFragment, kioskCredentialFrom } from './kiosk-link';

/** Where the session reads and writes outside itself; the browser's by default, fakes in specs. */
export interface SessionEnvironment {
  client: AuthClient;
  now(): number;
  /** The address fragment at start (`#kiosk=<credential>`). */
  fragment(): string;
  /** Drops the fragment from the address bar without a reload or a history entry. */
  dropFragment(): void;
  /** Remembers what kind of account was last signed in here, to explain an ended session after a reload. */
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** Runs a refresh while no other tab of this browser refreshes: the cookie's refresh token works once. */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
}

export function browserSessionEnvironment(): SessionEnvironment {
  let storage: Storage | null = null;
  try {
    storage = window.localStorage;
  } catch {
    // Refused storage: an ended session after a reload is then just "not signed in".
  }
  return {
    client: createAuthClient((...args) => fetch(...args)),
    now: Date.now,
    fragment: () => window.location.hash,
    dropFragment: () => window.history.replaceState(window.history.state, '', addressWithoutFragment(window.location)),
    storage,
    exclusive: <T>(task: () => Promise<T>): Promise<T> => (navigator.locks ? (navigator.locks.request(REFRESH_LOCK, task) as Promise<T>) : task()),
  };
}

export type SessionPhase = 'starting' | 'signed-in' | 'signed-out';
/** Why nobody is signed in now: what the sign-in page explains. */
export type SessionEnd = 'signed-out' | 'expired' | 'device-expired' | 'kiosk-link-refused';

export type SignInOutcome =
  | { ok: true }
  | { ok: false; reason: 'bad-credentials' }
  | { ok: false; reason: 'throttled'; retryAfterS: number | null }
  | { ok: false; reason: 'unavailable'; detail: string };

const REFRESH_LOCK = 'ub-session-refresh';
const LAST_KIND_KEY = 'ub.session.kind';
// Refresh this long before the access cookie expires (at most half its remaining life): a wall
// must never show a 401 between two refreshes.
export const REFRESH_LEAD_MS = 60_000;
// While the api cannot be reached (it may start after the wall, or restart), ask again this often.
export const RETRY_UNREACHABLE_MS = 5_000;

/** When to refresh a session whose access expires at `accessExpiresAtMs` (our clock). */
export function refreshAtMs(accessExpiresAtMs: number, nowMs: number): number {
  const remaining = Math.max(0, accessExpiresAtMs - nowMs);
  return accessExpiresAtMs - Math.min(REFRESH_LEAD_MS, remaining / 2);
}

// Global: who is signed in decides which pages open and every api call's cookies.
export const useSessionStore = defineStore('session', () => {
  const user = shallowRef<SessionUser | null>(null);
  const phase = ref<SessionPhase>('starting');
  const ended = ref<SessionEnd | null>(null);
  /** True while the start waits for an api that does not answer. */
  const waitingForServer = ref(false);
  /** Access and refresh expiry on our clock (the api's minus its offset). */
  const expiresAt = shallowRef<{ accessMs: number; refreshMs: number } | null>(null);

  let env: SessionEnvironment | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let renewing: Promise<boolean> | null = null;

  const environment = (): SessionEnvironment => (env ??= browserSessionEnvironment());

  const schedule = (atMs: number, task: () => void) => {
    clearTimeout(timer);
    timer = setTimeout(task, Math.max(0, atMs - environment().now()));
  };

  const adopt = (session: BrowserSession, serverClockOffsetMs: number) => {
    const accessMs = session.accessExpiresAtMs - serverClockOffsetMs;
    const refreshMs = session.refreshExpiresAtMs - serverClockOffsetMs;
    user.value = session.user;
    expiresAt.value = { accessMs, refreshMs };
    phase.value = 'signed-in';
    ended.value = null;
    rememberKind(session.user.kind);
    schedule(refreshAtMs(accessMs, environment().now()), () => void renew());
  };

  const end = (reason: SessionEnd | null) => {
    clearTimeout(timer);
    user.value = null;
    expiresAt.value = null;
    phase.value = 'signed-out';
    ended.value = reason;
    rememberKind(null);
  };

  const rememberKind = (kind: AccountKind | null) => {
    try {
      if (kind) environment().storage?.setItem(LAST_KIND_KEY, kind);
      else environment().storage?.removeItem(LAST_KIND_KEY);
    } catch {
      // Storage full or refused: only the wording after a reload suffers.
    }
  };
  /** How to explain a session found over at start: by the kind last signed in here, if any. */
  const endedBeforeStart = (): SessionEnd | null => {
    const kind = environment().storage?.getItem(LAST_KIND_KEY) ?? null;
    return kind === 'device' ? 'device-expired' : kind === 'person' ? 'expired' : null;
  };

  const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  // A throttled kiosk link is not a refused one: the wall waits its turn (Retry-After) and asks again.
  const waitOutThrottle = async (answer: AuthAnswer): Promise<AuthAnswer> => {
    if (answer.kind !== 'refused' || answer.status !== 429) return answer;
    await wait(Math.max(0, (answer.retryAfterS ?? 30) * 1000 - RETRY_UNREACHABLE_MS));
    return { kind: 'unreachable', reason: 'throttled' };
  };
  /** Asks until the api answers at all (a wall may start before the api does). */
  const untilAnswered = async (ask: () => Promise<AuthAnswer>): Promise<Exclude<AuthAnswer, { kind: 'unreachable' }>> => {
    for (;;) {
      const answer = await ask();
      if (answer.kind !== 'unreachable') {
        waitingForServer.value = false;
        return answer;
      }
      waitingForServer.value = true;
      await wait(RETRY_UNREACHABLE_MS);
    }
  };

  /**
   * Once, before the first page: a kiosk link (`#kiosk=`) is traded for a device session first and
   * dropped from the address; otherwise the cookies' session is read (and refreshed if its access expired).
   */
  async function start(environmentOverride?: SessionEnvironment): Promise<void> {
    if (environmentOverride) env = environmentOverride;
    const { client } = environment();
    const credential = kioskCredentialFrom(environment().fragment());
    if (credential) {
      const answer = await untilAnswered(() => client.enrolDevice({ credential }).then(waitOutThrottle));
      environment().dropFragment();
      if (answer.kind === 'session') adopt(answer.session, answer.serverClockOffsetMs);
      else end('kiosk-link-refused');
      return;
    }
    const answer = await untilAnswered(() => client.me());
    if (answer.kind === 'session') return adopt(answer.session, answer.serverClockOffsetMs);
    // The access cookie may simply have expired while the page was closed: the refresh cookie decides.
    const before = endedBeforeStart();
    const renewed = await untilAnswered(() => environment().exclusive(() => client.refresh()));
    if (renewed.kind === 'session') adopt(renewed.session, renewed.serverClockOffsetMs);
    else end(before);
  }

  async function signIn(username: string, password: string): Promise<SignInOutcome> {
    const answer = await environment().client.signIn({ username, password });
    if (answer.kind === 'session') {
      adopt(answer.session, answer.serverClockOffsetMs);
      return { ok: true };
    }
    if (answer.kind === 'unreachable') return { ok: false, reason: 'unavailable', detail: answer.reason };
    if (answer.status === 429 || answer.code === 'SIGN_IN_THROTTLED') return { ok: false, reason: 'throttled', retryAfterS: answer.retryAfterS };
    if (answer.status === 401) return { ok: false, reason: 'bad-credentials' };
    return { ok: false, reason: 'unavailable', detail: `sign-in answered ${answer.status}${answer.code ? ` ${answer.code}` : ''}` };
  }

  async function signOut(): Promise<void> {
    const { client } = environment();
    // Sign-out needs the session: with the access cookie expired (a laptop that slept), refresh
    // first, or the refresh cookie would sign the user straight back in on the next load.
    if ((await client.signOut()) === 'unauthenticated') {
      const renewed = await environment().exclusive(() => client.refresh());
      if (renewed.kind === 'session') await client.signOut();
    }
    // Signed out here whatever the api says: the page must not go on showing the user's screens.
    end('signed-out');
  }

  /**
   * Refreshes the session (on its timer, or after a 401). One refresh at a time, shared by every
   * caller: refresh tokens rotate, and a second use of the same one would end the session.
   * False when there is no session to go on with; the session then ends if the api refused.
   */
  function renew(): Promise<boolean> {
    renewing ??= renewOnce().finally(() => (renewing = null));
    return renewing;
  }

  async function renewOnce(): Promise<boolean> {
    if (phase.value !== 'signed-in') return false;
    const answer = await environment().exclusive(() => environment().client.refresh());
    if (answer.kind === 'session') {
      adopt(answer.session, answer.serverClockOffsetMs);
      return true;
    }
    if (answer.kind === 'refused') {
      // A device re-enrols only through its kiosk link: the sign-in page says so.
      end(user.value?.kind === 'device' ? 'device-expired' : 'expired');
      return false;
    }
    // The api is away: keep the session and try again soon, until the refresh cookie itself expires.
    const refreshMs = expiresAt.value?.refreshMs ?? 0;
    if (environment().now() >= refreshMs) end(user.value?.kind === 'device' ? 'device-expired' : 'expired');
    else schedule(Math.min(environment().now() + RETRY_UNREACHABLE_MS, refreshMs), () => void renew());
    return false;
  }

  /** Stops the refresh timer (specs; the page itself never stops it). */
  function dispose(): void {
    clearTimeout(timer);
  }

  return { user, phase, ended, waitingForServer, expiresAt, start, signIn, signOut, renew, dispose };
});
