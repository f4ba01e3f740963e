import {
  liveFramesFrom,
  replayAlertsResponseSchema,
  replayRangeResponseSchema,
  replayTimelineResponseSchema,
  type LiveFrame,
  type ReplayAlert,
  type ReplayLayer,
  type ReplayRangeResponse,
  type ReplayTimelineResponse,
} from '@urban-brain/proto';
import { apiFetch } from '../auth/api-fetch';

// The api's replay routes (docs/replay.md): frames as length-prefixed LiveFrame records, and the
// JSON the scrubber and its marks are drawn from.
export const REPLAY_URL = '/api/replay';

/** The api refused the request (a 4xx): asking again will not help; the message names the field. */
export class ReplayRefusedError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ReplayRefusedError';
  }
}

export interface FramesRequest {
  fromMs: number;
  toMs: number;
  stepMs: number;
  layers: readonly ReplayLayer[];
}

export type FetchFrames = (request: FramesRequest, signal: AbortSignal) => Promise<LiveFrame[]>;

export function framesUrl(request: FramesRequest): string {
  const query = new URLSearchParams({
    from: new Date(request.fromMs).toISOString(),
    to: new Date(request.toMs).toISOString(),
    layers: request.layers.join(','),
    stepMs: String(request.stepMs),
  });
  return `${REPLAY_URL}/frames?${query.toString()}`;
}

// A 4xx is the request's fault (named by the api); anything else (5xx, no answer) is the api away or
// restarting: the caller retries those.
async function failure(response: Response, url: string): Promise<Error> {
  const body = (await response.json().catch(() => null)) as { message?: unknown; fields?: { field?: unknown; problem?: unknown }[] } | null;
  const fields = Array.isArray(body?.fields) ? body.fields.map((f) => `${String(f.field)} ${String(f.problem)}`) : [];
  const message = fields.length > 0 ? fields.join('; ') : typeof body?.message === 'string' ? body.message : `GET ${url} answered ${response.status}`;
  return response.status >= 400 && response.status < 500 ? new ReplayRefusedError(response.status, message) : new Error(message);
}

export function createFetchFrames(fetchImpl: typeof fetch = apiFetch): FetchFrames {
  return async (request, signal) => {
    const url = framesUrl(request);
    const response = await fetchImpl(url, { signal, headers: { accept: 'application/x-ub-live-frames' } });
    if (!response.ok) throw await failure(response, url);
    if (!response.body) throw new Error(`GET ${url} answered no body`);
    const frames: LiveFrame[] = [];
    for await (const frame of liveFramesFrom(response.body.getReader())) frames.push(frame);
    return frames;
  };
}

async function getJson<T>(url: string, parse: (body: unknown) => T, fetchImpl: typeof fetch, signal?: AbortSignal): Promise<T> {
  const response = await fetchImpl(url, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) throw await failure(response, url);
  return parse(await response.json());
}

const windowQuery = (fromMs: number, toMs: number) => `from=${encodeURIComponent(new Date(fromMs).toISOString())}&to=${encodeURIComponent(new Date(toMs).toISOString())}`;

export interface ReplayJsonApi {
  range(): Promise<ReplayRangeResponse>;
  timeline(fromMs: number, toMs: number, buckets: number): Promise<ReplayTimelineResponse>;
  alerts(fromMs: number, toMs: number): Promise<ReplayAlert[]>;
  /** One fleet's KPI series in 1-minute buckets (`/api/history/kpis`). */
  kpis(fleet: string, fromMs: number, toMs: number): Promise<{ buckets: Record<string, string | number | null>[]; rolledUpTo?: string | null }>;
}

export function createReplayJsonApi(fetchImpl: typeof fetch = apiFetch): ReplayJsonApi {
  return {
    range: () => getJson(`${REPLAY_URL}/range`, (b) => replayRangeResponseSchema.parse(b), fetchImpl),
    timeline: (fromMs, toMs, buckets) => getJson(`${REPLAY_URL}/timeline?${windowQuery(fromMs, toMs)}&buckets=${buckets}`, (b) => replayTimelineResponseSchema.parse(b), fetchImpl),
    alerts: (fromMs, toMs) => getJson(`${REPLAY_URL}/alerts?${windowQuery(fromMs, toMs)}`, (b) => replayAlertsResponseSchema.parse(b).alerts, fetchImpl),
    kpis: (fleet, fromMs, toMs) =>
      getJson(
        `/api/history/kpis?fleet=${fleet}&${windowQuery(fromMs, toMs)}&bucket=1m`,
        (b) => {
          const body = b as { buckets?: unknown; rolledUpTo?: unknown };
          return {
            buckets: Array.isArray(body.buckets) ? (body.buckets as Record<string, string | number | null>[]) : [],
            ...((typeof body.rolledUpTo === 'string' || body.rolledUpTo === null) && { rolledUpTo: body.rolledUpTo }),
          };
        },
        fetchImpl,
      ),
  };
}
