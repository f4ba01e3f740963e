import { ALERT_STATES, type AlertStateName } from '@urban-brain/proto';
import { z } from 'zod';
import { DomainError, type FieldProblem } from '../common/domain-error';
import { ONCE, parseField, queryObject, refuseUnknownParameters, wholeNumberSchema } from '../common/query-fields';

export const ALERT_PAGE_MAX = 500;
export const ALERT_FLEETS = ['trucks', 'bikes', 'boats', 'signals', 'ambulances', 'city'] as const;

export interface AlertListQuery {
  states: AlertStateName[];
  fleet?: string;
  rule?: string;
  limit: number;
  /** After this alert in the queue's order (severity, raised_at, id, all descending). */
  cursor?: { severity: number; raisedAt: string; id: string };
}

const cursorSchema = z
  .string({ invalid_type_error: ONCE })
  .transform((text, ctx) => {
    try {
      const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { s: number; r: string; i: string };
      if (typeof parsed.s !== 'number' || typeof parsed.r !== 'string' || typeof parsed.i !== 'string') throw new Error('shape');
      return { severity: parsed.s, raisedAt: parsed.r, id: parsed.i };
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be the nextCursor of a previous page' });
      return z.NEVER;
    }
  });

export const alertQuerySchema = z.object({
  state: z
    .string({ invalid_type_error: ONCE })
    .regex(new RegExp(`^(${ALERT_STATES.join('|')})(,(${ALERT_STATES.join('|')}))*$`), `must be one or more of ${ALERT_STATES.join(', ')}, comma-separated`)
    .transform((text) => text.split(',') as AlertStateName[])
    .optional()
    .describe('Comma-separated states; the unresolved ones (open, acknowledged, assigned) by default'),
  fleet: z.enum(ALERT_FLEETS, { errorMap: () => ({ message: `must be one of ${ALERT_FLEETS.join(', ')}` }) }).optional().describe('Only this fleet\'s alerts'),
  rule: z.string({ invalid_type_error: ONCE }).min(1).max(128).optional().describe('Only this rule\'s alerts'),
  limit: wholeNumberSchema(1, ALERT_PAGE_MAX, 100).describe(`Alerts per page, 1-${ALERT_PAGE_MAX} (default 100)`),
  cursor: cursorSchema.optional().describe('The previous page\'s nextCursor'),
});

export function encodeAlertCursor(severity: number, raisedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify({ s: severity, r: raisedAt.toISOString(), i: id })).toString('base64url');
}

/** Validates GET /alerts; throws INVALID_QUERY naming every bad field. */
export function parseAlertQuery(queryParams: unknown): AlertListQuery {
  const query = queryObject(queryParams);
  const problems: FieldProblem[] = [];
  const { shape: fields } = alertQuerySchema;
  const parsed: AlertListQuery = {
    states: parseField('state', fields.state, query.state, problems) ?? ['open', 'acknowledged', 'assigned'],
    fleet: parseField('fleet', fields.fleet, query.fleet, problems),
    rule: parseField('rule', fields.rule, query.rule, problems),
    limit: parseField('limit', fields.limit, query.limit, problems) ?? 100,
    cursor: parseField('cursor', fields.cursor, query.cursor, problems),
  };
  refuseUnknownParameters(query, Object.keys(fields), problems);
  if (problems.length > 0) throw DomainError.invalidQuery(problems);
  return parsed;
}
