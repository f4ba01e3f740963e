import { useSessionStore } from './session.store';

/**
 * A fetch for the api's routes behind the session: on a 401 (the access cookie expired, say
 * after the laptop slept through the refresh timer) it refreshes the session once and sends the
 * request once more. The auth routes themselves go through their own client (auth-client.ts).
 * `renew` answers whether there is a fresh session to retry with.
 */
export function createApiFetch(fetchImpl: typeof fetch, renew: () => Promise<boolean>): typeof fetch {
  return async (input, init) => {
    // A Request's body can be read once: keep a copy for the retry.
    const again = input instanceof Request ? input.clone() : input;
    const response = await fetchImpl(input, init);
    if (response.status !== 401 || isAuthRoute(input)) return response;
    if (!(await renew())) return response;
    return fetchImpl(again, init);
  };
}

const isAuthRoute = (input: RequestInfo | URL): boolean => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  return new URL(url, 'http://page.invalid').pathname.startsWith('/api/auth/');
};

/** Every api call of the page, session refresh included; composables take it as their default fetch. */
export const apiFetch: typeof fetch = createApiFetch(
  (...args) => fetch(...args),
  () => useSessionStore().renew(),
);
