// The kiosk link is `/#kiosk=<credential>`: in the fragment, so the credential never reaches a
// server log or a Referer header; the page trades it for a session and drops it from the address.

/** The device credential in an address fragment (`#kiosk=...`, among other `&`-joined entries), or null. */
export function kioskCredentialFrom(hash: string): string | null {
  const match = /(?:^#?|&)kiosk=([^&]*)/.exec(hash);
  if (!match) return null;
  let credential: string;
  try {
    credential = decodeURIComponent(match[1]!);
  } catch {
    // A mangled escape: what is there is taken as it stands and judged by the api.
    credential = match[1]!;
  }
  return credential.trim() || null;
}

/** The address to show once the credential is used: same path and query, no fragment. */
export function addressWithoutFragment(location: Pick<Location, 'pathname' | 'search'>): string {
  return `${location.pathname}${location.search}`;
}
