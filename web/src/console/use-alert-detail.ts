import { getCurrentScope, onScopeDispose, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import type { AlertEventRecord, AlertEventsResponse, DispatchCandidate, DispatchCandidatesResponse } from '@urban-brain/proto';
import { apiFetch } from '../auth/api-fetch';
import { TRACKED_LAYERS } from '../entity/entity-series';
import { TRACKS_URL } from '../entity/use-entity-panel';
import type { LiveAlert } from './alert-book';
import { ALERTS_URL } from './use-alert-queue';

// Vehicles move: the candidates' ETAs are re-asked this often while an alert stays selected.
export const CANDIDATES_REFRESH_MS = 30_000;
// The selected vehicle's recent track: where it came from, one point every 10 s over the last 15 minutes.
export const TRACK_WINDOW_MS = 15 * 60_000;
export const TRACK_EVERY_S = 10;

/** The history api's tracks of one vehicle before `atMs`, or null when the alert is not about a vehicle the history keeps. */
export function alertTrackUrl(alert: LiveAlert, atMs: number): string | null {
  if (!(TRACKED_LAYERS as readonly string[]).includes(alert.fleet)) return null;
  const query = new URLSearchParams({
    fleet: alert.fleet,
    ids: alert.entityId,
    from: new Date(atMs - TRACK_WINDOW_MS).toISOString(),
    to: new Date(atMs + 1000).toISOString(),
    every: String(TRACK_EVERY_S),
    shape: 'grouped',
    limit: '2000',
  });
  return `${TRACKS_URL}?${query.toString()}`;
}

export interface AlertDetail {
  /** The selected alert's trail, oldest first. */
  readonly events: ShallowRef<readonly AlertEventRecord[]>;
  /** Vehicles to send, fastest first; empty for a resolved alert. */
  readonly candidates: ShallowRef<readonly DispatchCandidate[]>;
  /** The vehicle's recent track, oldest first (lon, lat); empty when the alert is not about a vehicle. */
  readonly track: ShallowRef<readonly [number, number][]>;
  readonly eventsError: ShallowRef<string | null>;
  readonly candidatesError: ShallowRef<string | null>;
  readonly loadingCandidates: ShallowRef<boolean>;
  /** Reads both again now. */
  refresh(): Promise<void>;
}

/**
 * The trail and the candidates of the selected alert. The trail is read again whenever the alert
 * changes (another dispatcher's step arrives over the socket); an answer for an alert no longer
 * selected is dropped.
 */
export function useAlertDetail(selected: Readonly<Ref<LiveAlert | null>>, fetchImpl: typeof fetch = apiFetch): AlertDetail {
  const events = shallowRef<readonly AlertEventRecord[]>([]);
  const candidates = shallowRef<readonly DispatchCandidate[]>([]);
  const track = shallowRef<readonly [number, number][]>([]);
  const eventsError = shallowRef<string | null>(null);
  const candidatesError = shallowRef<string | null>(null);
  const loadingCandidates = shallowRef(false);
  let timer: ReturnType<typeof setInterval> | undefined;

  const read = async <T>(url: string): Promise<T> => {
    const response = await fetchImpl(url, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`${url.replace(/\?.*/, '')} answered ${response.status}`);
    return (await response.json()) as T;
  };
  const current = () => selected.value?.id ?? null;

  const loadEvents = async (id: string) => {
    try {
      const body = await read<AlertEventsResponse>(`${ALERTS_URL}/${encodeURIComponent(id)}/events`);
      if (current() !== id) return;
      events.value = body.events;
      eventsError.value = null;
    } catch (failure) {
      if (current() === id) eventsError.value = (failure as Error).message;
    }
  };
  const loadCandidates = async (id: string) => {
    loadingCandidates.value = true;
    try {
      const body = await read<DispatchCandidatesResponse>(`${ALERTS_URL}/${encodeURIComponent(id)}/candidates`);
      if (current() !== id) return;
      candidates.value = [...body.candidates].sort((a, b) => a.etaS - b.etaS);
      candidatesError.value = null;
    } catch (failure) {
      if (current() === id) candidatesError.value = (failure as Error).message;
    } finally {
      if (current() === id) loadingCandidates.value = false;
    }
  };
  // A track the history cannot give (an entity it does not keep, the api down) is no track: the rest still works.
  const loadTrack = async (alert: LiveAlert) => {
    const url = alertTrackUrl(alert, Date.now());
    if (url === null) return;
    try {
      const body = await read<{ tracks?: { id: string; points: { lon: number; lat: number }[] }[] }>(url);
      if (current() !== alert.id) return;
      const points = body.tracks?.find((t) => t.id === alert.entityId)?.points ?? [];
      track.value = points.map((p) => [p.lon, p.lat]);
    } catch {
      if (current() === alert.id) track.value = [];
    }
  };
  const wantsCandidates = (alert: LiveAlert | null): alert is LiveAlert => alert !== null && alert.state !== 'resolved';

  watch(
    () => selected.value?.id ?? null,
    (id) => {
      clearInterval(timer);
      events.value = [];
      candidates.value = [];
      track.value = [];
      eventsError.value = null;
      candidatesError.value = null;
      loadingCandidates.value = false;
      if (id === null) return;
      void loadEvents(id);
      if (selected.value) void loadTrack(selected.value);
      if (wantsCandidates(selected.value)) void loadCandidates(id);
      timer = setInterval(() => {
        if (selected.value) void loadTrack(selected.value);
        if (wantsCandidates(selected.value)) void loadCandidates(selected.value.id);
      }, CANDIDATES_REFRESH_MS);
    },
    { immediate: true },
  );
  // The same alert, changed (by anyone): its trail grew; resolved, nobody is to be sent any more.
  watch(
    () => [selected.value?.id, selected.value?.changedAtMs, selected.value?.state] as const,
    ([id, changedAt, state], [previousId, previousChangedAt, previousState]) => {
      if (id === undefined || id !== previousId || changedAt === previousChangedAt) return;
      void loadEvents(id);
      if (state === 'resolved') candidates.value = [];
      else if (previousState === 'resolved') void loadCandidates(id);
    },
  );
  if (getCurrentScope()) onScopeDispose(() => clearInterval(timer));

  return {
    events,
    candidates,
    track,
    eventsError,
    candidatesError,
    loadingCandidates,
    async refresh() {
      const alert = selected.value;
      if (!alert) return;
      await Promise.all([loadEvents(alert.id), wantsCandidates(alert) ? loadCandidates(alert.id) : Promise.resolve()]);
    },
  };
}
