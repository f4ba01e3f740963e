import type { Request, Response } from 'express';
import { z } from 'zod';

const FLOW_COOKIE = 'ub_oidc';
// Only the two routes of the flow see it.
const FLOW_PATH = '/api/auth/oidc';
// Long enough to type a password and a second factor at the provider; a sign-in left longer starts over.
const FLOW_TTL_MS = 10 * 60_000;

const flowSchema = z.object({ state: z.string().min(16), nonce: z.string().min(16), verifier: z.string().min(43), next: z.string() });

/** One sign-on in progress: what the callback checks the provider's answer against, and where to go after. */
export type OidcFlow = z.infer<typeof flowSchema>;

// HTTP-only, and SameSite=Lax rather than the session cookies' Strict: the provider sends the browser
// back with a top-level cross-site navigation, on which a Strict cookie would not come along.
const options = (secure: boolean) => ({ httpOnly: true, sameSite: 'lax' as const, secure, path: FLOW_PATH });

export function setFlowCookie(response: Response, flow: OidcFlow, secure: boolean): void {
  response.cookie(FLOW_COOKIE, Buffer.from(JSON.stringify(flow)).toString('base64url'), { ...options(secure), maxAge: FLOW_TTL_MS });
}

export function clearFlowCookie(response: Response, secure: boolean): void {
  response.clearCookie(FLOW_COOKIE, options(secure));
}

/** The flow of this browser's sign-on, or null (none started, expired, or not ours). */
export function flowCookieOf(request: Request): OidcFlow | null {
  const cookies = request.cookies as Record<string, unknown> | undefined;
  const value = cookies?.[FLOW_COOKIE];
  if (typeof value !== 'string') return null;
  try {
    const parsed = flowSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
