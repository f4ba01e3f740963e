import type { AuthErrorCode, BrowserSession, DeviceSignInRequest, SignInRequest } from '@urban-brain/proto';

// The session's own routes (docs/users-and-roles.md). Called with the plain fetch, never through
// apiFetch: a 401 here is an answer (wrong password, session over), not a cue to refresh.
export const AUTH_ME_URL = '/api/auth/me';
export const SIGN_IN_URL = '/api/auth/sign-in';
export const SIGN_OUT_URL = '/api/auth/sign-out';
export const REFRESH_URL = '/api/auth/refresh';
export const DEVICE_SIGN_IN_URL = '/api/auth/device';

/** What an auth route answered, as the session acts on it. */
export type AuthAnswer =
  /** `serverClockOffsetMs`: the api's clock minus ours (from the Date header), so expiries are read on our clock. */
  | { kind: 'session'; session: BrowserSession; serverClockOffsetMs: number }
  /** The api said no (a 4xx): the session is over, or the credentials are wrong. */
  | { kind: 'refused'; status: number; code: AuthErrorCode | string | null; retryAfterS: number | null }
  /** No answer from the api (network, or 5xx from the web server's proxy): ask again later. */
  | { kind: 'unreachable'; reason: string };

export interface AuthClient {
  me(): Promise<AuthAnswer>;
  signIn(request: SignInRequest): Promise<AuthAnswer>;
  enrolDevice(request: DeviceSignInRequest): Promise<AuthAnswer>;
  refresh(): Promise<AuthAnswer>;
  /** 'unauthenticated': the access cookie had expired, so the api could not tell which session to end. */
  signOut(): Promise<'signed-out' | 'unauthenticated' | 'unreachable'>;
}

export function createAuthClient(fetchImpl: typeof fetch, now: () => number = Date.now): AuthClient {
  const ask = async (url: string, method: 'GET' | 'POST', body?: unknown): Promise<AuthAnswer> => {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method,
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch (failure) {
      return { kind: 'unreachable', reason: (failure as Error).message };
    }
    if (response.status >= 500) return { kind: 'unreachable', reason: `${url} answered ${response.status}` };
    if (!response.ok) {
      const problem = (await response.json().catch(() => null)) as { code?: unknown } | null;
      return {
        kind: 'refused',
        status: response.status,
        code: typeof problem?.code === 'string' ? problem.code : null,
        retryAfterS: retryAfterSeconds(response.headers.get('retry-after'), now()),
      };
    }
    const session = (await response.json().catch(() => null)) as BrowserSession | null;
    if (!session?.user || typeof session.accessExpiresAtMs !== 'number') return { kind: 'unreachable', reason: `${url} answered without a session` };
    const serverDate = Date.parse(response.headers.get('date') ?? '');
    return { kind: 'session', session, serverClockOffsetMs: Number.isFinite(serverDate) ? serverDate - now() : 0 };
  };

  return {
    me: () => ask(AUTH_ME_URL, 'GET'),
    signIn: (request) => ask(SIGN_IN_URL, 'POST', request),
    enrolDevice: (request) => ask(DEVICE_SIGN_IN_URL, 'POST', request),
    refresh: () => ask(REFRESH_URL, 'POST'),
    async signOut() {
      try {
        const response = await fetchImpl(SIGN_OUT_URL, { method: 'POST', credentials: 'same-origin' });
        if (response.ok) return 'signed-out';
        return response.status === 401 ? 'unauthenticated' : 'unreachable';
      } catch {
        return 'unreachable';
      }
    },
  };
}

/** Retry-After as whole seconds (it may be a count of seconds or an HTTP date), or null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, nowMs: number): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - nowMs) / 1000)) : null;
}
