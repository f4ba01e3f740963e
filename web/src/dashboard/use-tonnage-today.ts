import { shallowRef, type ShallowRef } from 'vue';
import { cityMidnight } from './wall-format';
import { getJson, pollWhileMounted } from './poll-api';
import { apiFetch } from '../auth/api-fetch';

// Tonnage today comes from the api's history KPIs, not from the live frames: the
// live tables only know what happened since this page opened, while "today" must
// count every unload since midnight, across reloads and gateway restarts. Tonnes
// change at the pace of unloads (minutes), so one poll a minute is plenty. The
// day is asked for in two parts: settled hours in 1-hour buckets (asked once an
// hour; they no longer change) and the recent stretch in 1-minute buckets (every
// poll). The api's hourly roll-up is filled only some time after an hour ends,
// so "settled" means ended at least SETTLED_AFTER_MS ago.
export const TONNAGE_POLL_MS = 60_000;
export const KPIS_URL = '/api/history/kpis';
const HOUR_MS = 3600_000;
export const SETTLED_AFTER_MS = 15 * 60_000;

export interface KpiSeriesBody {
  metrics?: string[];
  buckets?: Record<string, string | number | null>[];
}

/** Where today's settled hours end and the recent stretch (1-minute buckets) begins (epoch ms). */
export function tonnageWindows(nowMs: number): { midnight: number; hourStart: number } {
  const midnight = cityMidnight(nowMs);
  const settledBefore = Math.max(midnight, nowMs - SETTLED_AFTER_MS);
  return { midnight, hourStart: midnight + Math.floor((settledBefore - midnight) / HOUR_MS) * HOUR_MS };
}

/** Sum of one metric over a series' buckets (nulls are buckets with nothing in them). */
export function metricSum(body: KpiSeriesBody, metric: string): number {
  let sum = 0;
  for (const bucket of body.buckets ?? []) {
    const value = bucket[metric];
    if (typeof value === 'number' && Number.isFinite(value)) sum += value;
  }
  return sum;
}

/** Sum of a series' delivered load (load drops while unloading at the transfer station). */
export const deliveredKg = (body: KpiSeriesBody): number => metricSum(body, 'loadDeliveredKg');

export const kpisUrl = (fleet: string, bucket: '1m' | '1h', fromMs: number, toMs: number): string =>
  `${KPIS_URL}?fleet=${fleet}&bucket=${bucket}&from=${new Date(fromMs).toISOString()}&to=${new Date(toMs).toISOString()}`;

export interface TonnageToday {
  /** Delivered today in kg; null until the first answer. */
  kg: ShallowRef<number | null>;
  /** The last failure while the api is unreachable; the last good total stays shown. */
  error: ShallowRef<string | null>;
  refresh(): Promise<void>;
}

/** Tonnes delivered to the transfer station since midnight (trucks' loadDeliveredKg). */
export const useTonnageToday = (fetchImpl?: typeof fetch, now?: () => number): TonnageToday => useDayTotal('trucks', 'loadDeliveredKg', fetchImpl, now);

/** Lake debris collected since midnight (boats' debrisCollectedKg): the day, not the boats' current holds. */
export const useDebrisToday = (fetchImpl?: typeof fetch, now?: () => number): TonnageToday => useDayTotal('boats', 'debrisCollectedKg', fetchImpl, now);

/** A fleet's additive KPI metric summed since the city's midnight, polled each minute. */
export function useDayTotal(
  fleet: string,
  metric: string,
  fetchImpl: typeof fetch = apiFetch,
  now: () => number = Date.now,
): TonnageToday {
  const kg = shallowRef<number | null>(null);
  const error = shallowRef<string | null>(null);
  let closed: { hourStart: number; kg: number } | null = null;

  const ask = async (bucket: '1m' | '1h', fromMs: number, toMs: number): Promise<number> => {
    const url = kpisUrl(fleet, bucket, fromMs, toMs);
    return metricSum(await getJson<KpiSeriesBody>(fetchImpl, url, KPIS_URL), metric);
  };

  const refresh = async () => {
    const at = now();
    const { midnight, hourStart } = tonnageWindows(at);
    try {
      if (closed?.hourStart !== hourStart) closed = { hourStart, kg: hourStart > midnight ? await ask('1h', midnight, hourStart) : 0 };
      // The window ends a second ahead so the reading of this very second is in.
      const openKg = await ask('1m', hourStart, at + 1000);
      kg.value = closed.kg + openKg;
      error.value = null;
    } catch (failure) {
      error.value = (failure as Error).message;
    }
  };

  pollWhileMounted(refresh, TONNAGE_POLL_MS);
  return { kg, error, refresh };
}
