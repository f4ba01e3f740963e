import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserSession, SessionUser } from '@urban-brain/proto';
import type { AuthAnswer, AuthClient } from './auth-client';
import { REFRESH_LEAD_MS, RETRY_UNREACHABLE_MS, refreshAtMs, useSessionStore, type SessionEnvironment } from './session.store';

const T0 = Date.parse('2026-12-04T08:00:00Z');
const ACCESS_MS = 15 * 60_000;
const person: SessionUser = { id: 'u1', username: 'li.wei', displayName: 'Li Wei', role: 'dispatcher', kind: 'person' };
const wall: SessionUser = { id: 'd1', username: 'wall', displayName: 'Control room wall', role: 'operator', kind: 'device' };

const sessionFor = (user: SessionUser, nowMs = Date.now(), refreshMs = 12 * 3600_000): BrowserSession => ({
  user,
  accessExpiresAtMs: nowMs + ACCESS_MS,
  refreshExpiresAtMs: nowMs + refreshMs,
});
const granted = (session: BrowserSession, serverClockOffsetMs = 0): AuthAnswer => ({ kind: 'session', session, serverClockOffsetMs });
const refused = (status: number, code: string | null = null, retryAfterS: number | null = null): AuthAnswer => ({ kind: 'refused', status, code, retryAfterS });
const unreachable: AuthAnswer = { kind: 'unreachable', reason: 'connect ECONNREFUSED' };

type Route = keyof Omit<AuthClient, 'signOut'>;

/** An auth client answering each route from a queue (the last answer repeats), and recording the calls. */
function fakeEnvironment(answers: Partial<Record<Route, AuthAnswer[]>>, fragment = '') {
  const calls: string[] = [];
  const signOutAnswers: Awaited<ReturnType<AuthClient['signOut']>>[] = ['signed-out'];
  const stored = new Map<string, string>();
  let address = fragment;
  const next = (route: Route, record = true) => async (): Promise<AuthAnswer> => {
    if (record) calls.push(route);
    const queue = answers[route] ?? [refused(401)];
    return queue.length > 1 ? queue.shift()! : queue[0]!;
  };
  const client: AuthClient = {
    me: next('me'),
    signIn: async (request) => (calls.push(`signIn:${request.username}`), next('signIn', false)()),
    enrolDevice: async (request) => (calls.push(`enrolDevice:${request.credential}`), next('enrolDevice', false)()),
    refresh: next('refresh'),
    signOut: async () => (calls.push('signOut'), signOutAnswers.length > 1 ? signOutAnswers.shift()! : signOutAnswers[0]!),
  };
  const env: SessionEnvironment = {
    client,
    now: () => Date.now(),
    fragment: () => address,
    dropFragment: () => {
      calls.push('dropFragment');
      address = '';
    },
    storage: { getItem: (key) => stored.get(key) ?? null, setItem: (key, value) => void stored.set(key, value), removeItem: (key) => void stored.delete(key) },
    exclusive: (task) => task(),
  };
  return { env, calls, stored, signOutAnswers, address: () => address };
}

describe('the session', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    setActivePinia(createPinia());
  });
  afterEach(() => {
    useSessionStore().dispose();
    vi.useRealTimers();
  });

  it('refreshes a minute before the access expires, sooner for a short-lived one', () => {
    expect(refreshAtMs(T0 + ACCESS_MS, T0)).toBe(T0 + ACCESS_MS - REFRESH_LEAD_MS);
    expect(refreshAtMs(T0 + 30_000, T0)).toBe(T0 + 15_000);
    expect(refreshAtMs(T0 - 5_000, T0)).toBe(T0 - 5_000);
  });

  it('starts signed in from the cookies', async () => {
    const fake = fakeEnvironment({ me: [granted(sessionFor(person))] });
    const session = useSessionStore();
    await session.start(fake.env);
    expect(session.phase).toBe('signed-in');
    expect(session.user).toEqual(person);
    expect(fake.calls).toEqual(['me']);
  });

  it('refreshes at start when only the access cookie expired, and signs nobody in when that fails too', async () => {
    const again = fakeEnvironment({ me: [refused(401, 'UNAUTHENTICATED')], refresh: [granted(sessionFor(person))] });
    await useSessionStore().start(again.env);
    expect(useSessionStore().user).toEqual(person);
    expect(again.calls).toEqual(['me', 'refresh']);

    setActivePinia(createPinia());
    const nobody = fakeEnvironment({ me: [refused(401)], refresh: [refused(401)] });
    const session = useSessionStore();
    await session.start(nobody.env);
    expect(session.phase).toBe('signed-out');
    // Nobody was signed in on this browser: nothing to explain.
    expect(session.ended).toBeNull();
  });

  it('waits for an api that does not answer yet, then starts', async () => {
    const fake = fakeEnvironment({ me: [unreachable, unreachable, granted(sessionFor(person))] });
    const session = useSessionStore();
    const started = session.start(fake.env);
    await vi.advanceTimersByTimeAsync(0);
    expect(session.phase).toBe('starting');
    expect(session.waitingForServer).toBe(true);
    await vi.advanceTimersByTimeAsync(2 * RETRY_UNREACHABLE_MS);
    await started;
    expect(session.phase).toBe('signed-in');
    expect(session.waitingForServer).toBe(false);
    expect(fake.calls).toEqual(['me', 'me', 'me']);
  });

  it('trades a kiosk link for a device session before anything else and drops it from the address', async () => {
    const fake = fakeEnvironment({ enrolDevice: [granted(sessionFor(wall, T0, 30 * 86_400_000))] }, '#kiosk=s3cret');
    const session = useSessionStore();
    await session.start(fake.env);
    expect(fake.calls).toEqual(['enrolDevice:s3cret', 'dropFragment']);
    expect(fake.address()).toBe('');
    expect(session.user).toEqual(wall);
  });

  it('keeps the kiosk link in the address while the api is away, so a reload still works', async () => {
    const fake = fakeEnvironment({ enrolDevice: [unreachable, granted(sessionFor(wall))] }, '#kiosk=s3cret');
    const started = useSessionStore().start(fake.env);
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.address()).toBe('#kiosk=s3cret');
    await vi.advanceTimersByTimeAsync(RETRY_UNREACHABLE_MS);
    await started;
    expect(fake.address()).toBe('');
    expect(useSessionStore().phase).toBe('signed-in');
  });

  it('says so when a kiosk link is refused, and drops it all the same', async () => {
    const fake = fakeEnvironment({ enrolDevice: [refused(401, 'BAD_CREDENTIALS')] }, '#kiosk=revoked');
    const session = useSessionStore();
    await session.start(fake.env);
    expect(session.phase).toBe('signed-out');
    expect(session.ended).toBe('kiosk-link-refused');
    expect(fake.address()).toBe('');
    expect(fake.calls).not.toContain('me');
  });

  it('keeps a wall signed in for weeks: a refresh before each access expiry', async () => {
    // Each refresh renews the device's 30 days, as the api does.
    const fake = fakeEnvironment({ enrolDevice: [granted(sessionFor(wall, T0, 30 * 86_400_000))] }, '#kiosk=s3cret');
    const renewAt = () => granted(sessionFor(wall, Date.now(), 30 * 86_400_000));
    fake.env.client.refresh = async () => (fake.calls.push('refresh'), renewAt());
    const session = useSessionStore();
    await session.start(fake.env);
    await vi.advanceTimersByTimeAsync(ACCESS_MS - REFRESH_LEAD_MS - 1);
    expect(fake.calls.filter((call) => call === 'refresh')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.calls.filter((call) => call === 'refresh')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(21 * 86_400_000);
    const refreshes = fake.calls.filter((call) => call === 'refresh').length;
    expect(refreshes).toBeGreaterThanOrEqual((21 * 86_400_000) / (ACCESS_MS - REFRESH_LEAD_MS));
    expect(session.phase).toBe('signed-in');
    // Never a refresh after the access had expired: the wall never met a 401.
    expect(session.expiresAt!.accessMs).toBeGreaterThan(Date.now());
  });

  it("reads the api's expiries on the browser's clock", async () => {
    // The api's clock is 10 minutes ahead: read as ours, its expiry would come 10 minutes late.
    const offset = 10 * 60_000;
    const fake = fakeEnvironment({ me: [granted(sessionFor(person, T0 + offset), offset)] });
    const session = useSessionStore();
    await session.start(fake.env);
    expect(session.expiresAt!.accessMs).toBe(T0 + ACCESS_MS);
    await vi.advanceTimersByTimeAsync(ACCESS_MS - REFRESH_LEAD_MS - 1);
    expect(fake.calls).not.toContain('refresh');
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.calls).toContain('refresh');
  });

  it('shares one refresh among callers that meet a 401 together (a refresh token works once)', async () => {
    const fake = fakeEnvironment({ me: [granted(sessionFor(person))], refresh: [granted(sessionFor(person))] });
    const session = useSessionStore();
    await session.start(fake.env);
    const answers = await Promise.all([session.renew(), session.renew(), session.renew()]);
    expect(answers).toEqual([true, true, true]);
    expect(fake.calls.filter((call) => call === 'refresh')).toHaveLength(1);
  });

  it('ends a person\'s session when the refresh is refused, and a device\'s with its own reason', async () => {
    const fake = fakeEnvironment({ me: [granted(sessionFor(person))], refresh: [refused(401, 'UNAUTHENTICATED')] });
    const session = useSessionStore();
    await session.start(fake.env);
    expect(await session.renew()).toBe(false);
    expect(session.phase).toBe('signed-out');
    expect(session.ended).toBe('expired');
    expect(session.user).toBeNull();

    setActivePinia(createPinia());
    const device = fakeEnvironment({ enrolDevice: [granted(sessionFor(wall))], refresh: [refused(401)] }, '#kiosk=s3cret');
    const wallSession = useSessionStore();
    await wallSession.start(device.env);
    await vi.advanceTimersByTimeAsync(ACCESS_MS);
    expect(wallSession.ended).toBe('device-expired');
  });

  it('explains after a reload that a wall\'s session has ended', async () => {
    const fake = fakeEnvironment({ enrolDevice: [granted(sessionFor(wall))] }, '#kiosk=s3cret');
    await useSessionStore().start(fake.env);
    expect(fake.stored.get('ub.session.kind')).toBe('device');

    setActivePinia(createPinia());
    const reloaded = fakeEnvironment({ me: [refused(401)], refresh: [refused(401)] });
    reloaded.env.storage = fake.env.storage;
    const session = useSessionStore();
    await session.start(reloaded.env);
    expect(session.ended).toBe('device-expired');
  });

  it('keeps the session through an api outage and refreshes once the api is back', async () => {
    const fake = fakeEnvironment({ me: [granted(sessionFor(person))], refresh: [unreachable, unreachable, granted(sessionFor(person, T0 + ACCESS_MS))] });
    const session = useSessionStore();
    await session.start(fake.env);
    expect(await session.renew()).toBe(false);
    expect(session.phase).toBe('signed-in');
    await vi.advanceTimersByTimeAsync(2 * RETRY_UNREACHABLE_MS);
    expect(fake.calls.filter((call) => call === 'refresh')).toHaveLength(3);
    expect(session.phase).toBe('signed-in');
  });

  it('gives up when the api stays away past the refresh expiry', async () => {
    const fake = fakeEnvironment({ me: [granted(sessionFor(person, T0, ACCESS_MS + 60_000))], refresh: [unreachable] });
    const session = useSessionStore();
    await session.start(fake.env);
    await vi.advanceTimersByTimeAsync(ACCESS_MS);
    expect(session.phase).toBe('signed-in');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(session.phase).toBe('signed-out');
    expect(session.ended).toBe('expired');
  });

  it('signs in, and tells a wrong password from throttling and from an unreachable api', async () => {
    const fake = fakeEnvironment({
      me: [refused(401)],
      refresh: [refused(401)],
      signIn: [refused(401, 'BAD_CREDENTIALS'), refused(429, 'SIGN_IN_THROTTLED', 40), unreachable, granted(sessionFor(person))],
    });
    const session = useSessionStore();
    await session.start(fake.env);
    expect(await session.signIn('li.wei', 'nope')).toEqual({ ok: false, reason: 'bad-credentials' });
    expect(await session.signIn('li.wei', 'nope')).toEqual({ ok: false, reason: 'throttled', retryAfterS: 40 });
    expect(await session.signIn('li.wei', 'right')).toMatchObject({ ok: false, reason: 'unavailable' });
    expect(session.phase).toBe('signed-out');
    expect(await session.signIn('li.wei', 'right')).toEqual({ ok: true });
    expect(session.user).toEqual(person);
    expect(session.ended).toBeNull();
  });

  it('refreshes to sign out when the access cookie had expired, so the refresh cookie cannot sign the user back in', async () => {
    const fake = fakeEnvironment({ me: [granted(sessionFor(person))], refresh: [granted(sessionFor(person))] });
    fake.signOutAnswers.splice(0, 1, 'unauthenticated', 'signed-out');
    const session = useSessionStore();
    await session.start(fake.env);
    await session.signOut();
    expect(fake.calls).toEqual(['me', 'signOut', 'refresh', 'signOut']);
    expect(session.phase).toBe('signed-out');
  });

  it('waits out a throttled kiosk link instead of calling it refused', async () => {
    const fake = fakeEnvironment({ enrolDevice: [refused(429, 'SIGN_IN_THROTTLED', 30), granted(sessionFor(wall))] }, '#kiosk=s3cret');
    const session = useSessionStore();
    const started = session.start(fake.env);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(session.phase).toBe('starting');
    await vi.advanceTimersByTimeAsync(1_000);
    await started;
    expect(session.user).toEqual(wall);
    expect(fake.calls.filter((call) => call.startsWith('enrolDevice'))).toHaveLength(2);
  });

  it('signs out: the api ends the session, the page forgets the user and stops refreshing', async () => {
    const fake = fakeEnvironment({ me: [granted(sessionFor(person))] });
    const session = useSessionStore();
    await session.start(fake.env);
    await session.signOut();
    expect(session.phase).toBe('signed-out');
    expect(session.ended).toBe('signed-out');
    expect(fake.stored.has('ub.session.kind')).toBe(false);
    await vi.advanceTimersByTimeAsync(ACCESS_MS);
    expect(fake.calls).toEqual(['me', 'signOut']);
    expect(await session.renew()).toBe(false);
  });
});
