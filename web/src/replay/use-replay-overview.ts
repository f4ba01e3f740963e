import { getCurrentScope, onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import type { ReplayAlert, ReplayRangeResponse, ReplayTimelineResponse } from '@urban-brain/proto';
import { KPI_SOURCES, openAlertsSeries, seriesFromBuckets, type KpiKey, type KpiPoint } from './kpi-series';
import { createReplayJsonApi, ReplayRefusedError, type ReplayJsonApi } from './replay-api';

// What the page draws around the map for its window: the kept range, the scrubber's densities, the
// alerts (marks and the "open alerts" strip) and the KPI strips. Each is asked again every few
// seconds while the api does not answer (it may be restarting); a refusal (4xx) is kept as it is.
export const OVERVIEW_RETRY_MS = 3_000;
// A KPI series whose roll-ups do not reach the window's end yet (a window ending near now, a backfill just
// stored) is asked again this often, so its strip fills in as the roll-ups catch up.
export const KPI_CATCH_UP_MS = 30_000;
export const TIMELINE_BUCKETS = 400;

export interface ReplayOverview {
  range: ShallowRef<ReplayRangeResponse | null>;
  timeline: ShallowRef<ReplayTimelineResponse | null>;
  alerts: ShallowRef<ReplayAlert[]>;
  kpis: ShallowRef<Partial<Record<KpiKey, KpiPoint[]>>>;
  kpisUnavailable: ShallowRef<boolean>;
  /** A load is failing for want of an api (retrying). */
  waiting: ShallowRef<boolean>;
}

export function useReplayOverview(fromMs: number, toMs: number, api: ReplayJsonApi = createReplayJsonApi()): ReplayOverview {
  const range = shallowRef<ReplayRangeResponse | null>(null);
  const timeline = shallowRef<ReplayTimelineResponse | null>(null);
  const alerts = shallowRef<ReplayAlert[]>([]);
  const kpis = shallowRef<Partial<Record<KpiKey, KpiPoint[]>>>({});
  const kpisUnavailable = shallowRef(false);
  const waiting = shallowRef(false);
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let stopped = false;

  const load = async <T>(ask: () => Promise<T>, done: (value: T) => void, refused?: () => void): Promise<void> => {
    try {
      const value = await ask();
      if (stopped) return;
      waiting.value = false;
      done(value);
    } catch (error) {
      if (stopped) return;
      if (error instanceof ReplayRefusedError) {
        refused?.();
        return;
      }
      waiting.value = true;
      const timer = setTimeout(() => {
        timers.delete(timer);
        void load(ask, done, refused);
      }, OVERVIEW_RETRY_MS);
      timers.add(timer);
    }
  };

  void load(() => api.range(), (value) => (range.value = value));
  void load(() => api.timeline(fromMs, toMs, TIMELINE_BUCKETS), (value) => (timeline.value = value));
  void load(
    () => api.alerts(fromMs, toMs),
    (value) => {
      alerts.value = value;
      kpis.value = { ...kpis.value, openAlerts: openAlertsSeries(value, fromMs, toMs) };
    },
  );
  for (const source of KPI_SOURCES) {
    const loadSeries = (): Promise<void> =>
      load(
        () => api.kpis(source.fleet, fromMs, toMs),
        (body) => {
          // An api without the field: every bucket counts as rolled up.
          const rolledUpToMs = body.rolledUpTo === undefined ? Infinity : body.rolledUpTo === null ? null : Date.parse(body.rolledUpTo);
          kpis.value = { ...kpis.value, [source.key]: seriesFromBuckets(body.buckets, source.metric, source.cumulative, rolledUpToMs) };
          if (rolledUpToMs === null || rolledUpToMs < toMs) {
            const timer = setTimeout(() => {
              timers.delete(timer);
              void loadSeries();
            }, KPI_CATCH_UP_MS);
            timers.add(timer);
          }
        },
        () => (kpisUnavailable.value = true),
      );
    void loadSeries();
  }

  if (getCurrentScope()) {
    onScopeDispose(() => {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
    });
  }
  return { range, timeline, alerts, kpis, kpisUnavailable, waiting };
}
