import { getCurrentScope, onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import type { CorridorLine } from './fleet-features';

export const CORRIDORS_URL = '/api/city/pack/layers/corridors';
// The api may start after the wall screen: keep asking until it answers.
const RETRY_EVERY_MS = 10_000;

/** The city pack's green-wave corridor lines (static geometry; the live quality comes from the socket). */
export function useCorridorLines(fetchImpl: typeof fetch = fetch): ShallowRef<readonly CorridorLine[]> {
  const lines = shallowRef<readonly CorridorLine[]>([]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const load = async () => {
    try {
      const response = await fetchImpl(CORRIDORS_URL, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`${CORRIDORS_URL} answered ${response.status}`);
      const body = (await response.json()) as { type?: string; features?: CorridorLine[] };
      if (body?.type !== 'FeatureCollection' || !Array.isArray(body.features)) throw new Error(`${CORRIDORS_URL} is not a FeatureCollection`);
      if (!stopped) lines.value = body.features.filter((f) => f.geometry?.type === 'LineString' && typeof f.id === 'string');
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
  return lines;
}
