import { getCurrentScope, onScopeDispose } from 'vue';

/** GETs `url` as JSON, or throws naming the url and the status it answered. */
export async function getJson<T>(fetchImpl: typeof fetch, url: string, name = url): Promise<T> {
  const response = await fetchImpl(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${name} answered ${response.status}`);
  return (await response.json()) as T;
}

/** Runs `refresh` now and every `everyMs` until the calling component's scope ends (the wall's tiles that read the api). */
export function pollWhileMounted(refresh: () => Promise<void>, everyMs: number): void {
  void refresh();
  const timer = setInterval(() => void refresh(), everyMs);
  if (getCurrentScope()) onScopeDispose(() => clearInterval(timer));
}
