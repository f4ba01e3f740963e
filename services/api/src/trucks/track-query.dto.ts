import { z } from 'zod';
import { DomainError, type FieldProblem } from '../common/domain-error';
import { isoTimeSchema, ONCE, parseField, queryObject, refuseUnknownParameters, wholeNumberSchema } from '../common/query-fields';
import { decodeTrackCursor, type TrackCursor } from './track-cursor';
import type { TrackPosition } from './track-position';

export const TRACK_LIMIT_DEFAULT = 1000;
export const TRACK_LIMIT_MAX = 10_000;
export const TRACK_WINDOW_MAX_DAYS = 7;
const TRACK_WINDOW_MAX_MS = TRACK_WINDOW_MAX_DAYS * 24 * 3600 * 1000;

// Same rule as findTruckReadingProblem in @urban-brain/common: an id ingest refuses can have no track.
export const TRUCK_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** A validated request for one truck's readings in [from, to), oldest first. */
export interface TrackQuery {
  truckId: string;
  from: Date;
  to: Date;
  limit: number;
  // Resume strictly after this position (from `cursor`); null for the first page.
  after: TrackPosition | null;
}

const truckIdSchema = z.string().regex(TRUCK_ID, 'must be 1-64 letters, digits or _.:- starting with a letter or digit');

const limitSchema = wholeNumberSchema(1, TRACK_LIMIT_MAX, TRACK_LIMIT_DEFAULT);

const cursorSchema = z
  .string({ invalid_type_error: ONCE })
  .transform((text, ctx): TrackCursor => {
    const cursor = decodeTrackCursor(text);
    if (cursor) return cursor;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is not a cursor returned by this endpoint (pass nextCursor unchanged)' });
    return z.NEVER;
  })
  .optional();

const KNOWN_PARAMETERS = ['from', 'to', 'limit', 'cursor'];

/**
 * Validates the path's truck id and the query string together, so a client sees
 * every bad field at once; throws INVALID_QUERY naming each.
 */
export function parseTrackQuery(truckIdParam: unknown, queryParams: unknown): TrackQuery {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];

  const truckId = parseField('truckId', truckIdSchema, truckIdParam, problems);
  const from = parseField('from', isoTimeSchema, query.from, problems);
  const to = parseField('to', isoTimeSchema, query.to, problems);
  const limit = parseField('limit', limitSchema, query.limit, problems);
  const cursor = parseField('cursor', cursorSchema, query.cursor, problems);
  refuseUnknownParameters(query, KNOWN_PARAMETERS, problems);

  if (from && to) {
    if (to.getTime() <= from.getTime()) problems.push({ field: 'to', problem: 'must be after from' });
    else if (to.getTime() - from.getTime() > TRACK_WINDOW_MAX_MS) {
      problems.push({ field: 'to', problem: `must be at most ${TRACK_WINDOW_MAX_DAYS} days after from` });
    }
  }
  if (truckId && cursor && cursor.truckId !== truckId) problems.push({ field: 'cursor', problem: 'belongs to another truck' });

  if (problems.length > 0 || !truckId || !from || !to || limit === undefined) throw DomainError.invalidQuery(problems);
  return { truckId, from, to, limit, after: cursor?.after ?? null };
}
