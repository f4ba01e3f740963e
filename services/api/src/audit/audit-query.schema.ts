import { z } from 'zod';
import { DomainError, type FieldProblem } from '../common/domain-error';
import { isoTimeSchema, ONCE, parseField, queryObject, refuseUnknownParameters, wholeNumberSchema } from '../common/query-fields';
import type { AuditFilter } from './audit-entry';

export const AUDIT_PAGE_MAX = 500;

const word = (what: string) => z.string({ invalid_type_error: ONCE }).min(1).max(128, 'must be at most 128 characters').optional().describe(what);

export const auditQuerySchema = z.object({
  actor: word('Only entries by this actor (a username, or a service such as "cli")'),
  action: word('Only this action, e.g. auth.sign-in, auth.sign-in-failed, user.create, user.update'),
  target: word('Only entries about this target (a username, an alert id)'),
  from: isoTimeSchema.optional().describe('Entries at or after this time'),
  to: isoTimeSchema.optional().describe('Entries before this time'),
  before: z.string({ invalid_type_error: ONCE }).regex(/^\d{1,18}$/, 'must be an entry id (nextBefore of the previous page)').optional().describe('Paging: the previous page\'s nextBefore'),
  limit: wholeNumberSchema(1, AUDIT_PAGE_MAX, 100).describe(`Entries per page, 1-${AUDIT_PAGE_MAX} (default 100)`),
});

/** Validates GET /audit; throws INVALID_QUERY naming every bad field. */
export function parseAuditQuery(queryParams: unknown): AuditFilter {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];
  const { shape: fields } = auditQuerySchema;
  const filter: AuditFilter = {
    actor: parseField('actor', fields.actor, query.actor, problems),
    action: parseField('action', fields.action, query.action, problems),
    target: parseField('target', fields.target, query.target, problems),
    from: parseField('from', fields.from, query.from, problems),
    to: parseField('to', fields.to, query.to, problems),
    before: parseField('before', fields.before, query.before, problems),
    limit: parseField('limit', fields.limit, query.limit, problems) ?? 100,
  };
  refuseUnknownParameters(query, Object.keys(fields), problems);
  if (filter.from && filter.to && filter.to <= filter.from) problems.push({ field: 'to', problem: 'must be after from' });
  if (problems.length > 0) throw DomainError.invalidQuery(problems);
  return filter;
}
