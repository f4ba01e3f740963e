import { getCurrentScope, onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import { fenceSites, type FenceSite } from './deck/bike-deck-layers';

export const FENCES_URL = '/api/city/pack/layers/bike-fences';
// The api may start after the wall screen: keep asking until it answers.
const RETRY_EVERY_MS = 10_000;

/** The city pack's bike parking fences (centre and capacity); the live counts come from the socket. */
export function useFenceSites(fetchImpl: typeof fetch = fetch): ShallowRef<readonly FenceSite[]> {
  const sites = shallowRef<readonly FenceSite[]>([]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const load = async () => {
    try {
      const response = await fetchImpl(FENCES_URL, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`${FENCES_URL} answered ${response.status}`);
      const body = (await response.json()) as { type?: string; features?: Parameters<typeof fenceSites>[0] };
      if (body?.type !== 'FeatureCollection' || !Array.isArray(body.features)) throw new Error(`${FENCES_URL} is not a FeatureCollection`);
      if (!stopped) sites.value = fenceSites(body.features);
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
  return sites;
}
