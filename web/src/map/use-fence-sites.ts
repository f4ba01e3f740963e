import type { ShallowRef } from 'vue';
import { fenceSites, type FenceSite } from './deck/bike-deck-layers';
import { usePackLayer } from './use-pack-layer';
import { apiFetch } from '../auth/api-fetch';

export const FENCES_URL = '/api/city/pack/layers/bike-fences';

/** The city pack's bike parking fences (centre and capacity); the live counts come from the socket. */
export function useFenceSites(fetchImpl: typeof fetch = apiFetch): ShallowRef<readonly FenceSite[]> {
  return usePackLayer<Parameters<typeof fenceSites>[0][number], FenceSite>(FENCES_URL, fenceSites, fetchImpl);
}
