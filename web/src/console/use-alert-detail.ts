import { getCurrentScope, onScopeDispose, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import type { AlertEventRecord, AlertEventsResponse, DispatchCandidate, DispatchCandidatesResponse } from '@urban-brain/proto';
import { apiFetch } from '../auth/api-fetch';
import type { LiveAlert } from './alert-book';
import { ALERTS_URL } from './use-alert-queue';

// Vehicles move: the candidates' ETAs are re-asked this often while an alert stays selected.
export const CANDIDATES_REFRESH_MS = 30_000;

export interface AlertDetail {
  /** The selected alert's trail, oldest first. */
  readonly events: ShallowRef<readonly AlertEventRecord[]>;
  /** Vehicles to send, fastest first; empty for a resolved alert. */
  readonly candidates: ShallowRef<readonly DispatchCandidate[]>;
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
  const wantsCandidates = (alert: LiveAlert | null): alert is LiveAlert => alert !== null && alert.state !== 'resolved';

  watch(
    () => selected.value?.id ?? null,
    (id) => {
      clearInterval(timer);
      events.value = [];
      candidates.value = [];
      eventsError.value = null;
      candidatesError.value = null;
      loadingCandidates.value = false;
      if (id === null) return;
      void loadEvents(id);
      if (wantsCandidates(selected.value)) void loadCandidates(id);
      timer = setInterval(() => {
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
