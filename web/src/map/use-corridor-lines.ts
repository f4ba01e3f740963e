import type { ShallowRef } from 'vue';
import type { CorridorLine } from './corridor-features';
import { usePackLayer } from './use-pack-layer';
import { apiFetch } from '../auth/api-fetch';

export const CORRIDORS_URL = '/api/city/pack/layers/corridors';

/** The city pack's green-wave corridor lines (static geometry; the live quality comes from the socket). */
export function useCorridorLines(fetchImpl: typeof fetch = apiFetch): ShallowRef<readonly CorridorLine[]> {
  return usePackLayer<CorridorLine, CorridorLine>(
    CORRIDORS_URL,
    (features) => features.filter((f) => f.geometry?.type === 'LineString' && typeof f.id === 'string'),
    fetchImpl,
  );
}
