import { z } from 'zod';
import { DomainError, type FieldProblem } from '../common/domain-error';
import { isoTimeSchema, parseField, queryObject, refuseUnknownParameters } from '../common/query-fields';

export interface AmbulanceTodayQuery {
  /** The instant the figures are for: now, or a past one (replay). */
  at: Date;
}

// The endpoint's parameters: the parser reads each field with its schema, the OpenAPI document lists them
// from it (ApiQueryFromSchema), and its keys are the parameters a query may name.
export const ambulanceTodayQuerySchema = z.object({
  at: isoTimeSchema.optional().describe('The instant the figures are for, ISO-8601 with a zone; now when absent. "Today" is the city\'s day holding it'),
});

/** Validates GET /history/ambulances/today; throws INVALID_QUERY naming every bad field. `now` stands in for an absent `at`. */
export function parseAmbulanceTodayQuery(queryParams: unknown, now: Date): AmbulanceTodayQuery {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];
  const { shape: fields } = ambulanceTodayQuerySchema;
  const at = parseField('at', fields.at, query.at, problems);
  refuseUnknownParameters(query, Object.keys(fields), problems);

  if (problems.length > 0) throw DomainError.invalidQuery(problems);
  return { at: at ?? now };
}
