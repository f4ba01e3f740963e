import type { CookieOptions, Request, Response } from 'express';
import type { AuthOptions } from './auth-options';
import type { IssuedSession } from './auth.service';
import { ACCESS_COOKIE } from './route-access.decorator';

export const REFRESH_COOKIE = 'ub_refresh';
// The refresh token goes only where it is used: the browser never sends it with ordinary requests.
const REFRESH_PATH = '/api/auth';

// HTTP-only: page scripts (and anything injected into them) cannot read the tokens. SameSite=Strict:
// another site cannot make the browser send them (no cross-site request forgery); the page and the
// api share one origin through the web server, so nothing of ours is cross-site.
function base(options: AuthOptions): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: options.secureCookies };
}

export function setSessionCookies(response: Response, session: IssuedSession, options: AuthOptions, now: number): void {
  response.cookie(ACCESS_COOKIE, session.accessToken, { ...base(options), path: '/', maxAge: Math.max(0, session.accessExpiresAtMs - now) });
  response.cookie(REFRESH_COOKIE, session.refreshToken, { ...base(options), path: REFRESH_PATH, maxAge: Math.max(0, session.refreshExpiresAtMs - now) });
}

export function clearSessionCookies(response: Response, options: AuthOptions): void {
  response.clearCookie(ACCESS_COOKIE, { ...base(options), path: '/' });
  response.clearCookie(REFRESH_COOKIE, { ...base(options), path: REFRESH_PATH });
}

/** The access token of a request: `Authorization: Bearer` (scripts) first, else the cookie (browsers). */
export function accessTokenOf(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1] ?? '';
  }
  const cookies = request.cookies as Record<string, unknown> | undefined;
  const cookie = cookies?.[ACCESS_COOKIE];
  return typeof cookie === 'string' ? cookie : undefined;
}

export function refreshCookieOf(request: Request): string | undefined {
  const cookies = request.cookies as Record<string, unknown> | undefined;
  const cookie = cookies?.[REFRESH_COOKIE];
  return typeof cookie === 'string' ? cookie : undefined;
}
