import { z } from 'zod';
import { DomainError, type FieldProblem } from '../common/domain-error';
import { isoTimeSchema, parseField, queryObject, refuseUnknownParameters } from '../common/query-fields';
import { checkTracksWindow, cursorSchema, ENTITY_ID, limitSchema, type TracksQuery, tracksCursorScope } from './history-query.schemas';

// GET /trucks/{truckId}/track is /history/tracks for one truck, answered in the shape it had before
// history existed (README): same parameters, same problems, flat points with the truck's fields inline.

const truckIdSchema = z.string().regex(ENTITY_ID, 'must be 1-64 letters, digits or _.:- starting with a letter or digit');

const TRUCK_TRACK_PARAMETERS = ['from', 'to', 'limit', 'cursor'];

/**
 * Validates the path's truck id and the query string together, so a client sees every bad field at
 * once, and turns them into the history tracks query they stand for; throws INVALID_QUERY naming each.
 */
export function parseTruckTrackQuery(truckIdParam: unknown, queryParams: unknown): TracksQuery {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];
  const truckId = parseField('truckId', truckIdSchema, truckIdParam, problems);
  const from = parseField('from', isoTimeSchema, query.from, problems);
  const to = parseField('to', isoTimeSchema, query.to, problems);
  const limit = parseField('limit', limitSchema, query.limit, problems);
  const after = parseField('cursor', cursorSchema(tracksCursorScope('trucks', null)), query.cursor, problems);
  refuseUnknownParameters(query, TRUCK_TRACK_PARAMETERS, problems);
  checkTracksWindow(from, to, problems);
  // A cursor names the entity its page ended on: another truck's would resume somewhere else entirely.
  if (truckId && after && after.entityId !== truckId) problems.push({ field: 'cursor', problem: 'belongs to another truck' });

  if (problems.length > 0 || !truckId || !from || !to || limit === undefined) throw DomainError.invalidQuery(problems);
  return { fleet: 'trucks', ids: [truckId], from, to, every: null, limit, shape: 'flat', after: after ?? null };
}
