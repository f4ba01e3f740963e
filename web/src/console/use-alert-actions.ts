import { shallowRef, type ShallowRef } from 'vue';
import type { AlertStateName, AlertSummary, AssignAlertRequest, Role } from '@urban-brain/proto';
import { apiFetch } from '../auth/api-fetch';
import { ALERTS_URL } from './use-alert-queue';

export type AlertStep = 'acknowledge' | 'assign' | 'resolve' | 'reopen';

/** Why a step did not happen, kept as facts so the page words it in its language at render time. */
export type StepFailure =
  // 409: the alert had moved on (another dispatcher was first, or it is resolved).
  | { kind: 'refused'; step: AlertStep; state: AlertStateName | null; acknowledgedBy: string | null; message: string }
  | { kind: 'forbidden'; role: Role | null; message: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'not-found' }
  | { kind: 'failed'; status: number | null };

export interface AlertActions {
  /** The step in flight, or null: one at a time, so a double key press does not send two. */
  readonly busy: ShallowRef<AlertStep | null>;
  readonly failure: ShallowRef<StepFailure | null>;
  acknowledge(id: string): Promise<AlertSummary | null>;
  assign(id: string, assignee: string, fleet?: string): Promise<AlertSummary | null>;
  resolve(id: string, note?: string): Promise<AlertSummary | null>;
  reopen(id: string, note?: string): Promise<AlertSummary | null>;
  dismiss(): void;
}

interface ErrorBody {
  message?: unknown;
  state?: unknown;
  acknowledgedBy?: unknown;
  requiredRole?: unknown;
}

async function failureOf(step: AlertStep, response: Response): Promise<StepFailure> {
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // A proxy's page, not the api's JSON: the status says enough.
  }
  const message = typeof body.message === 'string' ? body.message : '';
  switch (response.status) {
    case 409:
      return {
        kind: 'refused',
        step,
        state: typeof body.state === 'string' ? (body.state as AlertStateName) : null,
        acknowledgedBy: typeof body.acknowledgedBy === 'string' ? body.acknowledgedBy : null,
        message,
      };
    case 403:
      return { kind: 'forbidden', role: typeof body.requiredRole === 'string' ? (body.requiredRole as Role) : null, message };
    case 400:
      return { kind: 'invalid', message };
    case 404:
      return { kind: 'not-found' };
    default:
      return { kind: 'failed', status: response.status };
  }
}

/**
 * The dispatcher's steps on an alert. The answer (the alert as it is now) goes to `onDone`; the
 * same change comes back over the socket to every console, this one included.
 */
export function useAlertActions(onDone: (summary: AlertSummary) => void = () => {}, fetchImpl: typeof fetch = apiFetch): AlertActions {
  const busy = shallowRef<AlertStep | null>(null);
  const failure = shallowRef<StepFailure | null>(null);

  const post = async (step: AlertStep, id: string, body?: object): Promise<AlertSummary | null> => {
    if (busy.value !== null) return null;
    busy.value = step;
    failure.value = null;
    try {
      const response = await fetchImpl(`${ALERTS_URL}/${encodeURIComponent(id)}/${step}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body ?? {}),
      });
      if (!response.ok) {
        failure.value = await failureOf(step, response);
        return null;
      }
      const summary = (await response.json()) as AlertSummary;
      onDone(summary);
      return summary;
    } catch {
      failure.value = { kind: 'failed', status: null };
      return null;
    } finally {
      busy.value = null;
    }
  };

  const noted = (note: string | undefined) => (note && note.trim() ? { note: note.trim() } : {});

  return {
    busy,
    failure,
    acknowledge: (id) => post('acknowledge', id),
    assign: (id, assignee, fleet) => post('assign', id, { assignee: assignee.trim(), ...(fleet ? { fleet } : {}) } satisfies AssignAlertRequest),
    resolve: (id, note) => post('resolve', id, noted(note)),
    reopen: (id, note) => post('reopen', id, noted(note)),
    dismiss() {
      failure.value = null;
    },
  };
}
