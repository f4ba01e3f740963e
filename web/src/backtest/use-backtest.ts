import { computed, getCurrentScope, onScopeDispose, shallowRef, type ComputedRef, type ShallowRef } from 'vue';
import type { BacktestAlert, BacktestProgress, BacktestRequest, BacktestResult } from '@urban-brain/proto';
import { apiFetch } from '../auth/api-fetch';

// The backtest routes (docs/alerting.md, Backtest; role engineer). The rules service runs one at a time
// in dry-run; the page starts it, follows its progress and reads the result.
export const BACKTESTS_URL = '/api/backtests';
export const ALERT_RULES_URL = '/api/alert-rules';
// Progress is polled, not pushed: a backtest runs seconds to minutes and the api proxies a loopback service.
const POLL_MS = 500;

export type BacktestDiffKind = 'added' | 'removed' | 'changed' | 'unchanged';

/** An alert for the replay timeline: when it was raised and ended, and how it compares with what the live service stored. */
export interface BacktestTimelineAlert extends BacktestAlert {
  diff: BacktestDiffKind;
}

/** A refused or failed call: the api's code and every problem it named (a draft's rule and field, the window's limit). */
export class BacktestRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
    readonly problems: readonly string[],
  ) {
    super(message);
    this.name = 'BacktestRequestError';
  }
}

export interface BacktestApi {
  start(request: BacktestRequest): Promise<{ id: string }>;
  progress(id: string): Promise<BacktestProgress>;
  result(id: string): Promise<BacktestResult>;
  cancel(id: string): Promise<BacktestProgress>;
  /** The rule set in force as YAML, to start a draft from. */
  rulesInForce(): Promise<string>;
}

export function createBacktestApi(fetchImpl: typeof fetch = apiFetch): BacktestApi {
  const call = async <T>(url: string, method = 'GET', body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetchImpl(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) {
      const problem = (await response.json().catch(() => null)) as { code?: unknown; message?: unknown; fields?: { field?: unknown; problem?: unknown }[] } | null;
      const fields = Array.isArray(problem?.fields) ? problem.fields : [];
      // A draft's problems already name the rule and field; a body's are "<field> <problem>".
      const problems = fields.map((f) => (String(f.problem).includes(String(f.field).replace(/^ruleSet: /, '')) ? String(f.problem) : `${String(f.field)}: ${String(f.problem)}`));
      const message = typeof problem?.message === 'string' ? problem.message : `${method} ${url} answered ${response.status}`;
      throw new BacktestRequestError(response.status, typeof problem?.code === 'string' ? problem.code : null, message, problems);
    }
    return (await response.json()) as T;
  };
  const one = (id: string, rest = '') => `${BACKTESTS_URL}/${encodeURIComponent(id)}${rest}`;
  return {
    start: (request) => call(BACKTESTS_URL, 'POST', request),
    progress: (id) => call(one(id)),
    result: (id) => call(one(id, '/result')),
    cancel: (id) => call(one(id), 'DELETE'),
    rulesInForce: async () => (await call<{ inForce: { yaml: string } }>(ALERT_RULES_URL)).inForce.yaml,
  };
}

/** Where the result downloads from (the session cookie goes with a plain link). */
export const resultUrl = (id: string, format: 'json' | 'csv') => `${BACKTESTS_URL}/${encodeURIComponent(id)}/result?format=${format}`;

/** Every alert of a result with its diff: the would-have-fired ones (added, changed or unchanged) and the stored ones it did not raise (removed). */
export function timelineAlertsOf(result: BacktestResult): BacktestTimelineAlert[] {
  const added = new Set(result.diff.added.map(keyOf));
  const changed = new Set(result.diff.changed.map((c) => keyOf(c.backtest)));
  const alerts: BacktestTimelineAlert[] = result.alerts.map((alert) => ({ ...alert, diff: added.has(keyOf(alert)) ? 'added' : changed.has(keyOf(alert)) ? 'changed' : 'unchanged' }));
  for (const alert of result.diff.removed) alerts.push({ ...alert, diff: 'removed' });
  return alerts.sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
}

const keyOf = (alert: BacktestAlert) => `${alert.rule}\u0000${alert.entityId}\u0000${alert.raisedAt}`;

export interface Backtest {
  progress: ShallowRef<BacktestProgress | null>;
  result: ShallowRef<BacktestResult | null>;
  /** The refusal or failure, with every problem named. */
  error: ShallowRef<{ message: string; problems: readonly string[] } | null>;
  running: ComputedRef<boolean>;
  alerts: ComputedRef<BacktestTimelineAlert[]>;
  run(request: BacktestRequest): Promise<void>;
  cancel(): Promise<void>;
  rulesInForce(): Promise<string>;
}

export interface BacktestOptions {
  pollMs?: number;
  wait?: (ms: number) => Promise<void>;
}

/** One backtest at a time from the page: start, poll the progress until it ends, then read the result. */
export function useBacktest(api: BacktestApi = createBacktestApi(), options: BacktestOptions = {}): Backtest {
  const pollMs = options.pollMs ?? POLL_MS;
  const wait = options.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const progress = shallowRef<BacktestProgress | null>(null);
  const result = shallowRef<BacktestResult | null>(null);
  const error = shallowRef<{ message: string; problems: readonly string[] } | null>(null);
  const starting = shallowRef(false);
  let generation = 0;
  let disposed = false;
  if (getCurrentScope()) onScopeDispose(() => (disposed = true));

  const fail = (failure: unknown) => {
    error.value = failure instanceof BacktestRequestError ? { message: failure.message, problems: failure.problems } : { message: (failure as Error).message, problems: [] };
  };

  return {
    progress,
    result,
    error,
    running: computed(() => starting.value || progress.value?.state === 'running'),
    alerts: computed(() => (result.value ? timelineAlertsOf(result.value) : [])),
    async run(request) {
      const mine = ++generation;
      progress.value = null;
      result.value = null;
      error.value = null;
      starting.value = true;
      try {
        const { id } = await api.start(request);
        let now = await api.progress(id);
        starting.value = false;
        while (mine === generation && !disposed) {
          progress.value = now;
          if (now.state !== 'running') break;
          await wait(pollMs);
          now = await api.progress(id);
        }
        if (mine !== generation || disposed) return;
        if (now.state === 'done') result.value = await api.result(id);
        else if (now.state === 'failed') error.value = { message: now.error ?? 'failed', problems: [] };
      } catch (failure) {
        if (mine === generation) fail(failure);
      } finally {
        if (mine === generation) starting.value = false;
      }
    },
    async cancel() {
      const id = progress.value?.id;
      if (!id || progress.value?.state !== 'running') return;
      try {
        progress.value = await api.cancel(id);
      } catch (failure) {
        fail(failure);
      }
    },
    rulesInForce: () => api.rulesInForce(),
  };
}
