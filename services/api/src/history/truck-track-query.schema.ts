import { z } from 'zod';
import { DomainError, type FieldProblem } from '../common/domain-error';
import { parseField, queryObject, refuseUnknownParameters } from '../common/query-fields';
import { checkTracksWindow, cursorFor, ENTITY_ID, type TracksQuery, tracksCursorScope, tracksQuerySchema, TRACKS_WINDOW_MAX_DAYS } from './history-query.schemas';

// GET /trucks/{truckId}/track is /history/tracks for one truck, answered in the shape it had before
// history existed (README): same parameters, same problems, flat points with the truck's fields inline.

export const truckIdSchema = z
  .string()
  .regex(ENTITY_ID, 'must be 1-64 letters, digits or _.:- starting with a letter or digit')
  .describe('1-64 letters, digits or _.:-, starting with a letter or digit');

const tracks = tracksQuerySchema.shape;
export const truckTrackQuerySchema = z.object({
  from: tracks.from,
  to: tracks.to.describe(`Window end (exclusive), ISO-8601 with a zone; after from, at most ${TRACKS_WINDOW_MAX_DAYS} days later`),
  limit: tracks.limit,
  cursor: tracks.cursor.describe('`nextCursor` of the previous page, unchanged'),
});

/**
 * Validates the path's truck id and the query string together, so a client sees every bad field at
 * once, and turns them into the history tracks query they stand for; throws INVALID_QUERY naming each.
 */
export function parseTruckTrackQuery(truckIdParam: unknown, queryParams: unknown): TracksQuery {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];
  const { shape: fields } = truckTrackQuerySchema;
  const truckId = parseField('truckId', truckIdSchema, truckIdParam, problems);
  const from = parseField('from', fields.from, query.from, problems);
  const to = parseField('to', fields.to, query.to, problems);
  const limit = parseField('limit', fields.limit, query.limit, problems);
  const after = parseField('cursor', cursorFor(tracksCursorScope('trucks', null)), query.cursor, problems);
  refuseUnknownParameters(query, Object.keys(fields), problems);
  checkTracksWindow(from, to, problems);
  // A cursor names the entity its page ended on: another truck's would resume somewhere else entirely.
  if (truckId && after && after.entityId !== truckId) problems.push({ field: 'cursor', problem: 'belongs to another truck' });

  if (problems.length > 0 || !truckId || !from || !to || limit === undefined) throw DomainError.invalidQuery(problems);
  return { fleet: 'trucks', ids: [truckId], from, to, every: null, limit, shape: 'flat', after: after ?? null };
}
