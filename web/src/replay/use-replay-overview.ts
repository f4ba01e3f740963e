import { getCurrentScope, onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import type { ReplayAlert, ReplayRangeResponse, ReplayTimelineResponse } from '@urban-brain/proto';
import { KPI_SOURCES, openAlertsSeries, seriesFromBuckets, type KpiKey, type KpiPoint } from './kpi-series';
import { createReplayJsonApi, ReplayRefusedError, type ReplayJsonApi } from './replay-api';

// What the page draws around the map for its window: the kept range, the scrubber's densities, the
// alerts (marks and the "open alerts" strip) and the KPI strips. Each is asked again every few
// seconds while the api does not answer (it may be restarting); a refusal (4xx) is kept as it is.
export const OVERVIEW_RETRY_MS = 3_000;
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
    void load(
      () => api.kpis(source.fleet, fromMs, toMs),
      (body) => (kpis.value = { ...kpis.value, [source.key]: seriesFromBuckets(body.buckets, source.metric, source.cumulative) }),
      () => (kpisUnavailable.value = true),
    );
  }

  if (getCurrentScope()) {
    onScopeDispose(() => {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
    });
  }
  return { range, timeline, alerts, kpis, kpisUnavailable, waiting };
}
