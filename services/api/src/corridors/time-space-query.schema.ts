import { z } from 'zod';
import { DomainError, type FieldProblem } from '../common/domain-error';
import { isoTimeSchema, parseField, queryObject, refuseUnknownParameters } from '../common/query-fields';

// Two hours is 60 cycles of the longest plan and about 100,000 fixes near a corridor: an answer the
// diagram draws at once. Longer windows are the replay's roll-ups, not a time-space diagram.
export const TIME_SPACE_WINDOW_MAX_HOURS = 2;

export interface TimeSpaceQuery {
  from: Date;
  to: Date;
}

// The endpoint's parameters: the parser reads each field with its schema, the OpenAPI document lists them
// from it (ApiQueryFromSchema), and its keys are the parameters a query may name.
export const timeSpaceQuerySchema = z.object({
  from: isoTimeSchema.describe('Window start (inclusive), ISO-8601 with a zone'),
  to: isoTimeSchema.describe(`Window end (exclusive); after from, at most ${TIME_SPACE_WINDOW_MAX_HOURS} hours later`),
});

/** Validates GET /corridors/{id}/time-space; throws INVALID_QUERY naming every bad field at once. */
export function parseTimeSpaceQuery(queryParams: unknown): TimeSpaceQuery {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];
  const { shape: fields } = timeSpaceQuerySchema;
  const from = parseField('from', fields.from, query.from, problems);
  const to = parseField('to', fields.to, query.to, problems);
  refuseUnknownParameters(query, Object.keys(fields), problems);
  if (from && to) {
    if (to.getTime() <= from.getTime()) problems.push({ field: 'to', problem: 'must be after from' });
    else if (to.getTime() - from.getTime() > TIME_SPACE_WINDOW_MAX_HOURS * 3_600_000) {
      problems.push({ field: 'to', problem: `must be at most ${TIME_SPACE_WINDOW_MAX_HOURS} hours after from (the time-space window limit)` });
    }
  }
  if (problems.length > 0 || !from || !to) throw DomainError.invalidQuery(problems);
  return { from, to };
}
