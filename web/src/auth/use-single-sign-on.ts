import { shallowRef, type ShallowRef } from 'vue';
import { OIDC_SIGN_IN_ERRORS, type OidcSignInError, type OidcSignInOption } from '@urban-brain/proto';

export const SSO_OPTION_URL = '/api/auth/oidc';
const SSO_START_URL = '/api/auth/oidc/start';

/** The link that starts a single sign-on: a navigation (the provider's pages are not ours to fetch), back to `next` after. */
export function ssoStartHref(next: string): string {
  return next === '/' ? SSO_START_URL : `${SSO_START_URL}?next=${encodeURIComponent(next)}`;
}

/** The `?error=` the api sent the browser back with, when it is one of its codes. */
export function ssoErrorOf(query: unknown): OidcSignInError | null {
  const value = Array.isArray(query) ? query[0] : query;
  return (OIDC_SIGN_IN_ERRORS as readonly unknown[]).includes(value) ? (value as OidcSignInError) : null;
}

export interface SingleSignOn {
  /** Null until the api has answered (and when it could not be asked): no button then. */
  option: ShallowRef<OidcSignInOption | null>;
  load(): Promise<void>;
}

/** Whether the sign-in page offers single sign-on; a page without the answer simply shows no button. */
export function useSingleSignOn(fetchImpl: typeof fetch = (...args) => fetch(...args)): SingleSignOn {
  const option = shallowRef<OidcSignInOption | null>(null);
  async function load(): Promise<void> {
    try {
      const response = await fetchImpl(SSO_OPTION_URL, { headers: { accept: 'application/json' } });
      if (!response.ok) return;
      const body = (await response.json()) as Partial<OidcSignInOption>;
      option.value = body.enabled === true && typeof body.name === 'string' ? { enabled: true, name: body.name } : { enabled: false };
    } catch {
      // The api is away: the password form says so when used; the button waits for the next visit.
    }
  }
  return { option, load };
}
