import { z } from 'zod';

const isoTime = (what: string) => z.string({ required_error: `is required: the window's ${what} as an ISO time` }).datetime({ offset: true, message: 'must be an ISO time, e.g. 2026-12-03T08:00:00Z' });

/**
 * POST /api/backtests, checked here field by field (the rules service checks the window against its
 * limit and parses the draft; its refusals come back naming the field or the rule).
 */
export const backtestRequestSchema = z.object({
  ruleSet: z.string({ required_error: "is required: 'current' or a draft rule set as YAML text" }).min(1, "must be 'current' or a draft rule set as YAML text").max(256 * 1024, 'must be at most 256 kB'),
  from: isoTime('start'),
  to: isoTime('end'),
  streams: z.array(z.string().regex(/^[a-z][a-z-]{0,63}$/, 'must be fleet stream names, e.g. boat-readings')).min(1, 'must name at least one stream, or be left out for all').max(32).optional(),
  source: z.enum(['auto', 'kafka', 'database']).optional(),
});
