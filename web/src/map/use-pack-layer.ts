import { getCurrentScope, onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import { apiFetch } from '../auth/api-fetch';

// The api may start after the wall screen: keep asking until it answers.
const RETRY_EVERY_MS = 10_000;

/**
 * One static layer of the city pack (GET /api/city/pack/layers/<kind>), turned into what its map layer
 * draws; empty until the api answers, retried until it does, and no retry after the caller's scope ends.
 */
export function usePackLayer<F, T>(url: string, fromFeatures: (features: F[]) => readonly T[], fetchImpl: typeof fetch = apiFetch): ShallowRef<readonly T[]> {
  const value = shallowRef<readonly T[]>([]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const load = async () => {
    try {
      const response = await fetchImpl(url, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      const body = (await response.json()) as { type?: string; features?: F[] };
      if (body?.type !== 'FeatureCollection' || !Array.isArray(body.features)) throw new Error(`${url} is not a FeatureCollection`);
      if (!stopped) value.value = fromFeatures(body.features);
    } catch {
      if (!stopped) timer = setTimeout(load, RETRY_EVERY_MS);
    }
  };
  void load();
  if (getCurrentScope()) {
    onScopeDispose(() => {
      stopped = true;
      clearTimeout(timer);
    });
  }
  return value;
}
