import { shallowRef, type ShallowRef } from 'vue';
import { TONNAGE_POLL_MS } from './use-tonnage-today';
import { getJson, pollWhileMounted } from './poll-api';
import { apiFetch } from '../auth/api-fetch';

// Today's "120" response times come from the api, not from the live frames: the
// live calls are only those open now, while the median must cover every call an
// ambulance reached since the city's midnight, across reloads. It moves at the
// pace of calls (minutes), so it is polled like the tonnage, once a minute. No
// `at` is sent: the api's own clock decides "now", so a skewed browser clock
// cannot ask for a day that has not begun.
export const AMBULANCES_TODAY_URL = '/api/history/ambulances/today';

/** GET /api/history/ambulances/today (services/api AmbulanceTodayResponseDto); only what the wall reads. */
export interface AmbulancesTodayBody {
  responseP50S?: number | null;
}

/** The median in ms, or null when no call reached the scene today (the api sends null or leaves it out). */
export function medianResponseMsOf(body: AmbulancesTodayBody): number | null {
  const seconds = body.responseP50S;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds * 1000 : null;
}

export interface AmbulancesToday {
  /** Today's median call-to-scene time, ms; null until the first answer or while no call reached the scene today. */
  medianResponseMs: ShallowRef<number | null>;
  /** The last failure while the api is unreachable; the last good median stays shown. */
  error: ShallowRef<string | null>;
  refresh(): Promise<void>;
}

/** The "120" tile's figures from the api since the city's midnight, polled each minute. */
export function useAmbulancesToday(fetchImpl: typeof fetch = apiFetch): AmbulancesToday {
  const medianResponseMs = shallowRef<number | null>(null);
  const error = shallowRef<string | null>(null);

  const refresh = async () => {
    try {
      medianResponseMs.value = medianResponseMsOf(await getJson<AmbulancesTodayBody>(fetchImpl, AMBULANCES_TODAY_URL));
      error.value = null;
    } catch (failure) {
      error.value = (failure as Error).message;
    }
  };

  pollWhileMounted(refresh, TONNAGE_POLL_MS);
  return { medianResponseMs, error, refresh };
}
