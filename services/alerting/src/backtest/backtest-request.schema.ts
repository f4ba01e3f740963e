import { FLEET_STREAMS } from '@urban-brain/common';
import { z } from 'zod';

const STREAM_NAMES = FLEET_STREAMS.map((stream) => stream.name) as [string, ...string[]];
const isoTime = (field: string) => z.string({ required_error: `is required: the window's ${field} as an ISO time` }).datetime({ offset: true, message: 'must be an ISO time, e.g. 2026-12-03T08:00:00Z' });

/** POST /backtests: which rules (the set in force, or a draft as YAML), over which window, which streams. */
export const backtestRequestSchema = z.object({
  ruleSet: z.string({ required_error: "is required: 'current' or a draft rule set as YAML text" }).min(1, "must be 'current' or a draft rule set as YAML text").max(256 * 1024, 'must be at most 256 kB'),
  from: isoTime('start'),
  to: isoTime('end'),
  streams: z.array(z.enum(STREAM_NAMES, { errorMap: () => ({ message: `must be fleet streams: ${STREAM_NAMES.join(', ')}` }) })).min(1).optional(),
  // Where the records come from: auto (the topics while they hold the window, else the database), or forced.
  source: z.enum(['auto', 'kafka', 'database']).default('auto'),
});

export type ParsedBacktestRequest = z.infer<typeof backtestRequestSchema>;
