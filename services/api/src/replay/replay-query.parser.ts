import {
  REPLAY_CHUNK_MAX_S,
  replayAlertsQuerySchema,
  replayFramesQuerySchema,
  replayTimelineQuerySchema,
  replayWindowProblems,
  type ReplayAlertsQuery,
  type ReplayFramesQuery,
  type ReplayTimelineQuery,
} from '@urban-brain/proto';
import { DomainError, type FieldProblem } from '../common/domain-error';
import { parseField, queryObject, refuseUnknownParameters } from '../common/query-fields';

// The contract's schemas (@urban-brain/proto replay.ts) read each field; the checks across from and to
// name the limit they break. The clock and the kept history (REPLAY_MAX_AGE_DAYS, api config) are given.
export interface ReplayLimits {
  nowMs: number;
  maxAgeDays: number;
}

const longWindow = ({ nowMs, maxAgeDays }: ReplayLimits) => ({ maxWindowS: maxAgeDays * 86_400, maxWindowLimit: 'REPLAY_MAX_AGE_DAYS', allowInstant: false, maxAgeDays, nowMs });

/** GET /replay/frames: from == to is a seek (the snapshot only). */
export function parseReplayFramesQuery(queryParams: unknown, limits: ReplayLimits): ReplayFramesQuery {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];
  const { shape: fields } = replayFramesQuerySchema;
  const from = parseField('from', fields.from, query.from, problems);
  const to = parseField('to', fields.to, query.to, problems);
  const layers = parseField('layers', fields.layers, query.layers, problems);
  const stepMs = parseField('stepMs', fields.stepMs, query.stepMs, problems);
  refuseUnknownParameters(query, Object.keys(fields), problems);
  if (from && to) {
    problems.push(...replayWindowProblems(from, to, { maxWindowS: REPLAY_CHUNK_MAX_S, maxWindowLimit: 'REPLAY_CHUNK_MAX_S', allowInstant: true, ...limits }));
  }
  if (problems.length > 0 || !from || !to || !layers || stepMs === undefined) throw DomainError.invalidQuery(problems);
  return { from, to, layers, stepMs };
}

/** GET /replay/timeline. */
export function parseReplayTimelineQuery(queryParams: unknown, limits: ReplayLimits): ReplayTimelineQuery {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];
  const { shape: fields } = replayTimelineQuerySchema;
  const from = parseField('from', fields.from, query.from, problems);
  const to = parseField('to', fields.to, query.to, problems);
  const buckets = parseField('buckets', fields.buckets, query.buckets, problems);
  refuseUnknownParameters(query, Object.keys(fields), problems);
  if (from && to) problems.push(...replayWindowProblems(from, to, longWindow(limits)));
  if (problems.length > 0 || !from || !to || buckets === undefined) throw DomainError.invalidQuery(problems);
  return { from, to, buckets };
}

/** GET /replay/alerts. */
export function parseReplayAlertsQuery(queryParams: unknown, limits: ReplayLimits): ReplayAlertsQuery {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];
  const { shape: fields } = replayAlertsQuerySchema;
  const from = parseField('from', fields.from, query.from, problems);
  const to = parseField('to', fields.to, query.to, problems);
  refuseUnknownParameters(query, Object.keys(fields), problems);
  if (from && to) problems.push(...replayWindowProblems(from, to, longWindow(limits)));
  if (problems.length > 0 || !from || !to) throw DomainError.invalidQuery(problems);
  return { from, to };
}
