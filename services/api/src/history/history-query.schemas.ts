import { z } from 'zod';
import { DomainError, type FieldProblem } from '../common/domain-error';
import { isoTimeSchema, ONCE, parseField, queryObject, refuseUnknownParameters, wholeNumberSchema } from '../common/query-fields';
import { decodeHistoryCursor, type HistoryCursor } from './history-cursor';
import { KPI_FLEETS, type KpiFleet, kpiRollupsOf, POSITION_FLEETS, type PositionFleet } from './history-fleet';

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

const oneOf = <T extends string>(values: readonly [T, ...T[]]) => {
  const listed = values.join(', ');
  return z.enum(values, {
    errorMap: (issue, ctx) => {
      if (issue.code === 'invalid_enum_value') return { message: `must be one of ${listed}` };
      if (issue.code === 'invalid_type' && ctx.data === undefined) return { message: `is required: one of ${listed}` };
      if (issue.code === 'invalid_type') return { message: ONCE };
      return { message: ctx.defaultError };
    },
  });
};

const positionFleetSchema = oneOf(POSITION_FLEETS as unknown as [PositionFleet, ...PositionFleet[]]);
const kpiFleetSchema = oneOf(KPI_FLEETS as unknown as [KpiFleet, ...KpiFleet[]]);

// Same rule as ingest's device id check in @urban-brain/common: an id ingest refuses can have no history.
export const ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const ENTITY_ID_PROBLEM = 'each id must be 1-64 letters, digits or _.:- starting with a letter or digit';
const idsSchema = z
  .string({ required_error: `is required: 1 to ${TRACKS_IDS_MAX} comma-separated entity ids`, invalid_type_error: ONCE })
  .transform((text) => [...new Set(text.split(',').map((id) => id.trim()))])
  .refine((ids) => ids.every((id) => ENTITY_ID.test(id)), ENTITY_ID_PROBLEM)
  .refine((ids) => ids.length <= TRACKS_IDS_MAX, `must list at most ${TRACKS_IDS_MAX} ids`);

const limitSchema = wholeNumberSchema(1, HISTORY_LIMIT_MAX, HISTORY_LIMIT_DEFAULT);

// The cursor as clients see it: opaque text. Which request it may resume is checked by cursorFor once
// the parameters that scope it (fleet, every, at) are read.
const cursorSchema = z.string({ invalid_type_error: ONCE }).optional();

/** `cursor` read for the request it must belong to: where the page resumes, or undefined on a first page. */
export function cursorFor(scope: string) {
  return cursorSchema.transform((text, ctx): HistoryPosition | undefined => {
    if (text === undefined) return undefined;
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
  });
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

// Each endpoint's parameters as one zod object: the parser below reads every field with its schema, the
// OpenAPI document lists them from it (ApiQueryFromSchema), and its keys are the parameters a query may
// name, in the order a refused unknown parameter lists them. Checks across fields live in the parsers.
export const tracksQuerySchema = z.object({
  fleet: positionFleetSchema,
  ids: idsSchema.describe(`Comma-separated entity ids, 1 to ${TRACKS_IDS_MAX}`),
  from: isoTimeSchema.describe('Window start (inclusive), ISO-8601 with a zone'),
  to: isoTimeSchema.describe(`Window end (exclusive); after from, at most ${TRACKS_WINDOW_MAX_DAYS} days later`),
  every: wholeNumberSchema(1, TRACKS_EVERY_MAX_SECONDS).describe('Downsample: one point per entity per this many seconds'),
  limit: limitSchema.describe('Points per page'),
  cursor: cursorSchema.describe('`nextCursor` of the previous page, unchanged, with the same other parameters'),
  shape: oneOf(TRACK_SHAPES as unknown as [TrackShape, ...TrackShape[]])
    .default('grouped')
    .describe('grouped: per entity; flat: one list'),
});

/** Validates GET /history/tracks; throws INVALID_QUERY naming every bad field at once. */
export function parseTracksQuery(queryParams: unknown): TracksQuery {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];
  const { shape: fields } = tracksQuerySchema;
  const fleet = parseField('fleet', fields.fleet, query.fleet, problems);
  const ids = parseField('ids', fields.ids, query.ids, problems);
  const from = parseField('from', fields.from, query.from, problems);
  const to = parseField('to', fields.to, query.to, problems);
  const every = parseField('every', fields.every, query.every, problems);
  const limit = parseField('limit', fields.limit, query.limit, problems);
  const shape = parseField('shape', fields.shape, query.shape, problems);
  // Unparsable every leaves the cursor unchecked: its scope cannot be known, and `every` is already named.
  const everyProblem = problems.some((p) => p.field === 'every');
  const after = fleet && !everyProblem ? parseField('cursor', cursorFor(tracksCursorScope(fleet, every ?? null)), query.cursor, problems) : undefined;
  refuseUnknownParameters(query, Object.keys(fields), problems);
  checkTracksWindow(from, to, problems);

  if (problems.length > 0 || !fleet || !ids || !from || !to || limit === undefined || !shape) throw DomainError.invalidQuery(problems);
  return { fleet, ids, from, to, every: every ?? null, limit, shape, after: after ?? null };
}

export const kpisQuerySchema = z.object({
  fleet: kpiFleetSchema,
  bucket: oneOf(Object.keys(KPI_BUCKETS) as [KpiBucket, ...KpiBucket[]]),
  from: isoTimeSchema.describe('Window start, ISO-8601 with a zone (rounded down to the bucket)'),
  to: isoTimeSchema.describe('Window end (exclusive), ISO-8601 with a zone'),
});

/** Validates GET /history/kpis; the longest window depends on the bucket. */
export function parseKpisQuery(queryParams: unknown): KpisQuery {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];
  const { shape: fields } = kpisQuerySchema;
  const fleet = parseField('fleet', fields.fleet, query.fleet, problems);
  const bucket = parseField('bucket', fields.bucket, query.bucket, problems);
  const from = parseField('from', fields.from, query.from, problems);
  const to = parseField('to', fields.to, query.to, problems);
  refuseUnknownParameters(query, Object.keys(fields), problems);
  if (fleet && bucket && !kpiRollupsOf(fleet).includes(bucket)) {
    problems.push({ field: 'bucket', problem: `must be ${kpiRollupsOf(fleet).join(' or ')} for ${fleet}: the buckets of its roll-ups` });
  }
  const maxDays = KPI_BUCKETS[bucket ?? '1h'].windowMaxDays;
  checkWindow(from, to, maxDays * DAY_MS, `${maxDays} days (bucket ${bucket ?? '1h'})`, problems);

  if (problems.length > 0 || !fleet || !bucket || !from || !to) throw DomainError.invalidQuery(problems);
  return { fleet, bucket, from, to };
}

export const stateQuerySchema = z.object({
  fleet: positionFleetSchema,
  at: isoTimeSchema.describe('The instant, ISO-8601 with a zone'),
  limit: limitSchema.describe('Entities per page'),
  cursor: cursorSchema.describe('`nextCursor` of the previous page, unchanged, with the same other parameters'),
});

/** Validates GET /history/state. */
export function parseStateQuery(queryParams: unknown): StateQuery {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];
  const { shape: fields } = stateQuerySchema;
  const fleet = parseField('fleet', fields.fleet, query.fleet, problems);
  const at = parseField('at', fields.at, query.at, problems);
  const limit = parseField('limit', fields.limit, query.limit, problems);
  const after = fleet && at ? parseField('cursor', cursorFor(stateCursorScope(fleet, at)), query.cursor, problems) : undefined;
  refuseUnknownParameters(query, Object.keys(fields), problems);

  if (problems.length > 0 || !fleet || !at || limit === undefined) throw DomainError.invalidQuery(problems);
  return { fleet, at, limit, after: after ?? null };
}

export const exportQuerySchema = z.object({
  fleet: positionFleetSchema,
  from: isoTimeSchema.describe('Window start (inclusive), ISO-8601 with a zone'),
  to: isoTimeSchema.describe(`Window end (exclusive); after from, at most ${EXPORT_WINDOW_MAX_HOURS} hours later`),
  format: oneOf(EXPORT_FORMATS as unknown as [ExportFormat, ...ExportFormat[]]),
});

/** Validates GET /history/export; the window is bounded so one request cannot dump the database. */
export function parseExportQuery(queryParams: unknown): ExportQuery {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];
  const { shape: fields } = exportQuerySchema;
  const fleet = parseField('fleet', fields.fleet, query.fleet, problems);
  const from = parseField('from', fields.from, query.from, problems);
  const to = parseField('to', fields.to, query.to, problems);
  const format = parseField('format', fields.format, query.format, problems);
  refuseUnknownParameters(query, Object.keys(fields), problems);
  checkWindow(from, to, EXPORT_WINDOW_MAX_HOURS * 3600 * 1000, `${EXPORT_WINDOW_MAX_HOURS} hours`, problems);

  if (problems.length > 0 || !fleet || !from || !to || !format) throw DomainError.invalidQuery(problems);
  return { fleet, from, to, format };
}
