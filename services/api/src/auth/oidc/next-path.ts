/**
 * Where to send the browser after signing in: a path on this site only. `//evil.example` and
 * `/\evil.example` are other sites to a browser, and anything not starting with one `/` is refused.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length > 1024 || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(next)) return '/';
  const base = 'http://this-site.invalid';
  const url = new URL(next, base);
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Resolving dots can make `//` again (`/..//evil.example`).
  return url.origin === base && !path.startsWith('//') ? path : '/';
}
