import { z } from 'zod';
import { DomainError, type FieldProblem } from '../common/domain-error';
import { isoTimeSchema, ONCE, parseField, queryObject, refuseUnknownParameters, wholeNumberSchema } from '../common/query-fields';
import { decodeHistoryCursor, type HistoryCursor } from './history-cursor';
import { KPI_FLEETS, type KpiFleet, POSITION_FLEETS, type PositionFleet } from './history-fleet';

export const TRACKS_WINDOW_MAX_DAYS = 7;
export const TRACKS_IDS_MAX = 200;
export const TRACKS_EVERY_MAX_SECONDS = 86_400;
export const HISTORY_LIMIT_DEFAULT = 1000;
export const HISTORY_LIMIT_MAX = 10_000;
export const EXPORT_WINDOW_MAX_HOURS = 24;
export const TRACK_SHAPES = ['grouped', 'flat'] as const;
export const EXPORT_FORMATS = ['csv', 'geojson'] as const;
export type TrackShape = (typeof TRACK_SHAPES)[number];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

// A bucket width and the longest window it may cover: about 3,000 points a series, enough for any chart.
export const KPI_BUCKETS = {
  '1m': { seconds: 60, windowMaxDays: 2 },
  '1h': { seconds: 3600, windowMaxDays: 31 },
} as const;
export type KpiBucket = keyof typeof KPI_BUCKETS;

const DAY_MS = 24 * 3600 * 1000;

/** Where a page resumes: strictly after this (entity, time, seq). */
export type HistoryPosition = Omit<HistoryCursor, 'scope'>;

export interface TracksQuery {
  fleet: PositionFleet;
  ids: string[];
  from: Date;
  to: Date;
  // Downsampling bucket in seconds; null for every reading.
  every: number | null;
  limit: number;
  shape: TrackShape;
  after: HistoryPosition | null;
}

export interface KpisQuery {
  fleet: KpiFleet;
  bucket: KpiBucket;
  from: Date;
  to: Date;
}

export interface StateQuery {
  fleet: PositionFleet;
  at: Date;
  limit: number;
  after: HistoryPosition | null;
}

export interface ExportQuery {
  fleet: PositionFleet;
  from: Date;
  to: Date;
  format: ExportFormat;
}

const oneOf = <T extends string>(values: readonly [T, ...T[]], required: boolean) => {
  const listed = values.join(', ');
  const schema = z.enum(values, {
    errorMap: (issue, ctx) => {
      if (issue.code === 'invalid_enum_value') return { message: `must be one of ${listed}` };
      if (issue.code === 'invalid_type' && ctx.data === undefined) return { message: `is required: one of ${listed}` };
      if (issue.code === 'invalid_type') return { message: ONCE };
      return { message: ctx.defaultError };
    },
  });
  return required ? schema : schema.optional();
};

const positionFleetSchema = oneOf(POSITION_FLEETS as unknown as [PositionFleet, ...PositionFleet[]], true) as z.ZodType<PositionFleet, z.ZodTypeDef, unknown>;
const kpiFleetSchema = oneOf(KPI_FLEETS as unknown as [KpiFleet, ...KpiFleet[]], true) as z.ZodType<KpiFleet, z.ZodTypeDef, unknown>;

// Same rule as ingest's device id check in @urban-brain/common: an id ingest refuses can have no history.
export const ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const ENTITY_ID_PROBLEM = 'each id must be 1-64 letters, digits or _.:- starting with a letter or digit';
const idsSchema = z
  .string({ required_error: `is required: 1 to ${TRACKS_IDS_MAX} comma-separated entity ids`, invalid_type_error: ONCE })
  .transform((text) => [...new Set(text.split(',').map((id) => id.trim()))])
  .refine((ids) => ids.every((id) => ENTITY_ID.test(id)), ENTITY_ID_PROBLEM)
  .refine((ids) => ids.length <= TRACKS_IDS_MAX, `must list at most ${TRACKS_IDS_MAX} ids`);

export const limitSchema = wholeNumberSchema(1, HISTORY_LIMIT_MAX, HISTORY_LIMIT_DEFAULT);
const everySchema = wholeNumberSchema(1, TRACKS_EVERY_MAX_SECONDS);

export function cursorSchema(scope: string) {
  return z
    .string({ invalid_type_error: ONCE })
    .transform((text, ctx): HistoryPosition => {
      const cursor = decodeHistoryCursor(text);
      if (!cursor) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is not a cursor returned by this endpoint (pass nextCursor unchanged)' });
        return z.NEVER;
      }
      if (cursor.scope !== scope) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'belongs to another request (fleet, every or at differ); start again without it' });
        return z.NEVER;
      }
      return { entityId: cursor.entityId, recordedAt: cursor.recordedAt, seq: cursor.seq };
    })
    .optional();
}

/** The scope a tracks cursor is valid for: the same fleet and the same downsampling. */
export const tracksCursorScope = (fleet: string, every: number | null): string => `tracks:${fleet}:${every ?? 0}`;
/** The scope a state cursor is valid for: the same fleet at the same instant. */
export const stateCursorScope = (fleet: string, at: Date): string => `state:${fleet}:${at.toISOString()}`;

function checkWindow(from: Date | undefined, to: Date | undefined, maxMs: number, maxText: string, problems: FieldProblem[]): void {
  if (!from || !to) return;
  if (to.getTime() <= from.getTime()) problems.push({ field: 'to', problem: 'must be after from' });
  else if (to.getTime() - from.getTime() > maxMs) problems.push({ field: 'to', problem: `must be at most ${maxText} after from` });
}

/** A tracks window: `to` after `from`, at most TRACKS_WINDOW_MAX_DAYS later. */
export function checkTracksWindow(from: Date | undefined, to: Date | undefined, problems: FieldProblem[]): void {
  checkWindow(from, to, TRACKS_WINDOW_MAX_DAYS * DAY_MS, `${TRACKS_WINDOW_MAX_DAYS} days`, problems);
}

const TRACKS_PARAMETERS = ['fleet', 'ids', 'from', 'to', 'every', 'limit', 'cursor', 'shape'];

/** Validates GET /history/tracks; throws INVALID_QUERY naming every bad field at once. */
export function parseTracksQuery(queryParams: unknown): TracksQuery {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];
  const fleet = parseField('fleet', positionFleetSchema, query.fleet, problems);
  const ids = parseField('ids', idsSchema, query.ids, problems);
  const from = parseField('from', isoTimeSchema, query.from, problems);
  const to = parseField('to', isoTimeSchema, query.to, problems);
  const every = parseField('every', everySchema, query.every, problems);
  const limit = parseField('limit', limitSchema, query.limit, problems);
  const shape = parseField('shape', oneOf(TRACK_SHAPES as unknown as [TrackShape, ...TrackShape[]], false), query.shape, problems);
  // Unparsable every leaves the cursor unchecked: its scope cannot be known, and `every` is already named.
  const everyProblem = problems.some((p) => p.field === 'every');
  const after = fleet && !everyProblem ? parseField('cursor', cursorSchema(tracksCursorScope(fleet, every ?? null)), query.cursor, problems) : undefined;
  refuseUnknownParameters(query, TRACKS_PARAMETERS, problems);
  checkTracksWindow(from, to, problems);

  if (problems.length > 0 || !fleet || !ids || !from || !to || limit === undefined) throw DomainError.invalidQuery(problems);
  return { fleet, ids, from, to, every: every ?? null, limit, shape: shape ?? 'grouped', after: after ?? null };
}

const KPIS_PARAMETERS = ['fleet', 'bucket', 'from', 'to'];
const kpiBucketSchema = oneOf(Object.keys(KPI_BUCKETS) as [KpiBucket, ...KpiBucket[]], true) as z.ZodType<KpiBucket, z.ZodTypeDef, unknown>;

/** Validates GET /history/kpis; the longest window depends on the bucket. */
export function parseKpisQuery(queryParams: unknown): KpisQuery {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];
  const fleet = parseField('fleet', kpiFleetSchema, query.fleet, problems);
  const bucket = parseField('bucket', kpiBucketSchema, query.bucket, problems);
  const from = parseField('from', isoTimeSchema, query.from, problems);
  const to = parseField('to', isoTimeSchema, query.to, problems);
  refuseUnknownParameters(query, KPIS_PARAMETERS, problems);
  const maxDays = KPI_BUCKETS[bucket ?? '1h'].windowMaxDays;
  checkWindow(from, to, maxDays * DAY_MS, `${maxDays} days (bucket ${bucket ?? '1h'})`, problems);

  if (problems.length > 0 || !fleet || !bucket || !from || !to) throw DomainError.invalidQuery(problems);
  return { fleet, bucket, from, to };
}

const STATE_PARAMETERS = ['fleet', 'at', 'limit', 'cursor'];

/** Validates GET /history/state. */
export function parseStateQuery(queryParams: unknown): StateQuery {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];
  const fleet = parseField('fleet', positionFleetSchema, query.fleet, problems);
  const at = parseField('at', isoTimeSchema, query.at, problems);
  const limit = parseField('limit', limitSchema, query.limit, problems);
  const after = fleet && at ? parseField('cursor', cursorSchema(stateCursorScope(fleet, at)), query.cursor, problems) : undefined;
  refuseUnknownParameters(query, STATE_PARAMETERS, problems);

  if (problems.length > 0 || !fleet || !at || limit === undefined) throw DomainError.invalidQuery(problems);
  return { fleet, at, limit, after: after ?? null };
}

const EXPORT_PARAMETERS = ['fleet', 'from', 'to', 'format'];

/** Validates GET /history/export; the window is bounded so one request cannot dump the database. */
export function parseExportQuery(queryParams: unknown): ExportQuery {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];
  const fleet = parseField('fleet', positionFleetSchema, query.fleet, problems);
  const from = parseField('from', isoTimeSchema, query.from, problems);
  const to = parseField('to', isoTimeSchema, query.to, problems);
  const format = parseField('format', oneOf(EXPORT_FORMATS as unknown as [ExportFormat, ...ExportFormat[]], true), query.format, problems);
  refuseUnknownParameters(query, EXPORT_PARAMETERS, problems);
  checkWindow(from, to, EXPORT_WINDOW_MAX_HOURS * 3600 * 1000, `${EXPORT_WINDOW_MAX_HOURS} hours`, problems);

  if (problems.length > 0 || !fleet || !from || !to || !format) throw DomainError.invalidQuery(problems);
  return { fleet, from, to, format };
}
