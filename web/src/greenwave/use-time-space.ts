import { getCurrentScope, onScopeDispose, ref, shallowRef, watch } from 'vue';
import type { TimeSpaceResponse } from '@urban-brain/proto';
import { apiFetch } from '../auth/api-fetch';
import { liveWindow, type TimeSpaceWindow } from './time-space-window';

// Live mode polls the api rather than listening on the socket: the diagram needs every phase of every
// intersection and the raw fixes near one corridor, which the gateway does not carry (its frames are
// per-layer entity state, throttled and cut to the map's area); and one query serves the diagram live and
// in replay alike, so both show the same thing. Phases change every few seconds and ingest stores within
// about a second, so a 5 s poll of a 15-minute window moves the picture as smoothly as anyone reads it,
// for one small query per open diagram. A failed poll (the api restarting) is retried on the same beat.
export const LIVE_POLL_MS = 5_000;

export type TimeSpaceStatus = 'loading' | 'ok' | 'unavailable' | 'not-found';

export interface TimeSpaceSource {
  corridorId: string;
  live: boolean;
  /** A past window; live ignores it but for its length. */
  window: TimeSpaceWindow | null;
  liveLengthMs: number;
}

export function timeSpaceUrl(corridorId: string, window: TimeSpaceWindow): string {
  const params = new URLSearchParams({ from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() });
  return `/api/corridors/${encodeURIComponent(corridorId)}/time-space?${params}`;
}

/** The diagram's data for the source: fetched once for a past window, every LIVE_POLL_MS live; retried while it fails. */
export function useTimeSpace(source: () => TimeSpaceSource, fetchImpl: typeof fetch = apiFetch, now: () => number = Date.now, pollMs = LIVE_POLL_MS) {
  // The answer is replaced whole on each poll: no deep reactivity over thousands of points.
  const data = shallowRef<TimeSpaceResponse | null>(null);
  const status = ref<TimeSpaceStatus>('loading');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  async function load(wanted: TimeSpaceSource, mine: number): Promise<void> {
    const window = wanted.live || !wanted.window ? liveWindow(now(), wanted.liveLengthMs) : wanted.window;
    let again = wanted.live;
    try {
      const response = await fetchImpl(timeSpaceUrl(wanted.corridorId, window), { headers: { accept: 'application/json' } });
      if (mine !== generation) return;
      if (response.status === 404) {
        status.value = 'not-found';
        data.value = null;
        return;
      }
      if (!response.ok) throw new Error(`time-space answered ${response.status}`);
      const body = (await response.json()) as TimeSpaceResponse;
      if (mine !== generation) return;
      data.value = body;
      status.value = 'ok';
    } catch {
      if (mine !== generation) return;
      // Keep the last picture; say it is not current.
      status.value = 'unavailable';
      again = true;
    }
    if (again && mine === generation) timer = setTimeout(() => void load(wanted, mine), pollMs);
  }

  watch(
    source,
    (wanted) => {
      clearTimeout(timer);
      generation++;
      if (data.value?.corridor.id !== wanted.corridorId) data.value = null;
      status.value = 'loading';
      void load(wanted, generation);
    },
    { immediate: true, deep: true },
  );
  if (getCurrentScope()) {
    onScopeDispose(() => {
      generation++;
      clearTimeout(timer);
    });
  }
  return { data, status };
}
