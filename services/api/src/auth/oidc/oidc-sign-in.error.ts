import type { OidcSignInError as OidcSignInErrorCode } from '@urban-brain/proto';

/**
 * A single sign-on that does not end signed in. Never an HTTP error body: the browser is on a
 * top-level navigation, so the controller sends it to `/sign-in?error=<code>`; `reason` goes to
 * the audit log and the api's log, never to the browser.
 */
export class OidcSignInError extends Error {
  constructor(
    readonly code: OidcSignInErrorCode,
    readonly reason: string,
    /** The account concerned, when the provider's answer got as far as naming one. */
    readonly username: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'OidcSignInError';
  }
}
