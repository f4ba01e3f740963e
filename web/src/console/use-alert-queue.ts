import { computed, getCurrentScope, onScopeDispose, shallowRef, type ComputedRef, type ShallowRef } from 'vue';
import { AlertChangeKind, type AlertPage, type AlertSummary } from '@urban-brain/proto';
import { apiFetch } from '../auth/api-fetch';
import type { District } from '../dashboard/city-places';
import type { LiveAlert } from './alert-book';
import { DEFAULT_FILTERS, filterChoices, groupByIncident, queueRows, stepSelection, type QueueFilters, type QueueGroup, type QueueRow } from './alert-queue';
import type { AlertFeed } from './use-alert-feed';

export const ALERTS_URL = '/api/alerts';
// The socket's changes carry no SLA deadlines; the api's rows do. Ids needing a row are gathered
// for a moment so a burst of raises costs one round of requests, not one per change.
export const SUMMARY_FETCH_DELAY_MS = 250;
export const SUMMARY_FETCH_MAX = 20;
const INITIAL_PAGE_LIMIT = 500;
const INITIAL_PAGES_MAX = 4;

// Changes after which the deadlines (or the escalation) may differ from the row held.
const DEADLINE_CHANGES = new Set([AlertChangeKind.RAISED, AlertChangeKind.ACKNOWLEDGED, AlertChangeKind.ASSIGNED, AlertChangeKind.REOPENED, AlertChangeKind.ESCALATED]);

export interface AlertQueue {
  /** The api's rows by alert id: the SLA deadlines and the escalation the socket does not carry. */
  readonly summaries: ShallowRef<ReadonlyMap<string, AlertSummary>>;
  readonly filters: ShallowRef<QueueFilters>;
  readonly rows: ComputedRef<QueueRow[]>;
  readonly groups: ComputedRef<QueueGroup[]>;
  /** The ids in the order the queue shows them (grouped): what J/K walk. */
  readonly order: ComputedRef<string[]>;
  readonly choices: ComputedRef<{ fleets: string[]; rules: string[] }>;
  readonly selectedId: ShallowRef<string | null>;
  /** The selected alert, even when the filters hide it now. */
  readonly selected: ComputedRef<LiveAlert | null>;
  /** Why the api's rows could not be read (the queue still works from the socket, without countdowns). */
  readonly loadError: ShallowRef<string | null>;
  setFilter(patch: Partial<QueueFilters>): void;
  select(id: string | null): void;
  move(step: number): void;
  /** An api row known first-hand (the answer to one's own step). */
  accept(summary: AlertSummary): void;
  /** Resolves once the first load of the api's rows has settled (specs). */
  readonly loaded: Promise<void>;
}

export interface AlertQueueOptions {
  fetchImpl?: typeof fetch;
  districts?: ShallowRef<readonly District[]>;
}

/** The dispatcher's queue: the live alerts from the feed, the api's deadlines beside them, filtered, sorted and grouped. */
export function useAlertQueue(feed: AlertFeed, { fetchImpl = apiFetch, districts }: AlertQueueOptions = {}): AlertQueue {
  const summaries = shallowRef<ReadonlyMap<string, AlertSummary>>(new Map());
  const filters = shallowRef<QueueFilters>({ ...DEFAULT_FILTERS });
  const selectedId = shallowRef<string | null>(null);
  const loadError = shallowRef<string | null>(null);
  const wanted = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let initialDone = false;

  const keep = (rows: readonly AlertSummary[]) => {
    if (rows.length === 0) return;
    const next = new Map(summaries.value);
    for (const row of rows) next.set(row.id, row);
    summaries.value = next;
  };

  const read = async <T>(url: string): Promise<T> => {
    const response = await fetchImpl(url, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return (await response.json()) as T;
  };

  const flush = async () => {
    timer = undefined;
    const ids = [...wanted].slice(0, SUMMARY_FETCH_MAX);
    for (const id of ids) wanted.delete(id);
    const answers = await Promise.allSettled(ids.map((id) => read<AlertSummary>(`${ALERTS_URL}/${encodeURIComponent(id)}`)));
    if (stopped) return;
    keep(answers.flatMap((answer) => (answer.status === 'fulfilled' ? [answer.value] : [])));
    if (wanted.size > 0) schedule();
  };
  const schedule = () => {
    if (timer === undefined && initialDone && !stopped) timer = setTimeout(() => void flush(), SUMMARY_FETCH_DELAY_MS);
  };
  const want = (alert: LiveAlert) => {
    // Until the list is read, its rows are on the way; what it lacks is asked for after it.
    if (!initialDone || alert.state === 'resolved') return;
    if (summaries.value.has(alert.id) && !DEADLINE_CHANGES.has(alert.change)) return;
    wanted.add(alert.id);
    schedule();
  };

  const loadInitial = async () => {
    try {
      let cursor: string | null = null;
      for (let page = 0; page < INITIAL_PAGES_MAX; page++) {
        const query: string = `${ALERTS_URL}?limit=${INITIAL_PAGE_LIMIT}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const body: AlertPage = await read<AlertPage>(query);
        if (stopped) return;
        keep(body.alerts);
        cursor = body.nextCursor;
        if (!cursor) break;
      }
      loadError.value = null;
    } catch (failure) {
      if (!stopped) loadError.value = (failure as Error).message;
    } finally {
      initialDone = true;
      // What the socket raised meanwhile, or what the pages did not reach.
      for (const alert of feed.book.list()) if (!summaries.value.has(alert.id)) want(alert);
      schedule();
    }
  };
  const loaded = loadInitial();

  const offUpdate = feed.onUpdate((update) => {
    for (const alert of update.touched) want(alert);
  });

  const rows = computed(() => queueRows(feed.alerts.value, summaries.value, filters.value, districts?.value ?? []));
  const groups = computed(() => groupByIncident(rows.value));
  const order = computed(() => groups.value.flatMap((group) => group.rows.map((row) => row.alert.id)));
  const choices = computed(() => filterChoices(feed.alerts.value));
  const selected = computed(() => {
    const id = selectedId.value;
    // Reads the list so a change to the selected alert (from any dispatcher) shows at once.
    return id === null ? null : (feed.alerts.value.find((alert) => alert.id === id) ?? null);
  });

  if (getCurrentScope()) {
    onScopeDispose(() => {
      stopped = true;
      clearTimeout(timer);
      offUpdate();
    });
  }

  return {
    summaries,
    filters,
    rows,
    groups,
    order,
    choices,
    selectedId,
    selected,
    loadError,
    setFilter(patch) {
      filters.value = { ...filters.value, ...patch };
    },
    select(id) {
      selectedId.value = id;
    },
    move(step) {
      selectedId.value = stepSelection(order.value, selectedId.value, step);
    },
    accept(summary) {
      keep([summary]);
    },
    loaded,
  };
}
