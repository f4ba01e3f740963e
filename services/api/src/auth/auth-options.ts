import type { SessionClient } from './auth-context';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export const AUTH_CLOCK = Symbol('AUTH_CLOCK');

export interface AuthOptions {
  accessTtlMs: number;
  /** How long a session lives without a refresh, per client. */
  refreshTtlMs: Record<SessionClient, number>;
  /** Set the cookies' Secure flag (behind HTTPS). */
  secureCookies: boolean;
}
