import { z } from 'zod';
import type { FieldProblem } from './domain-error';

// Shared by every endpoint that takes times in its query string, so each spells its problems the same way.
export const TIME_EXAMPLE = 'e.g. 2025-05-01T08:00:00Z or 2025-05-01T16:00:00+08:00';
// Express turns a repeated parameter into an array; each of ours is a single value.
export const ONCE = 'must be given once';

export const isoTimeSchema = z
  .string({ required_error: `is required: an ISO-8601 time with a zone, ${TIME_EXAMPLE}`, invalid_type_error: ONCE })
  // An unescaped "+08:00" in a query string arrives as " 08:00"; take the obvious meaning.
  .transform((text) => text.replace(/ (\d{2}(:?\d{2})?)$/, '+$1'))
  .pipe(z.string().datetime({ offset: true, message: `must be an ISO-8601 time with a zone, ${TIME_EXAMPLE}` }))
  .transform((text) => new Date(text))
  .refine((time) => !Number.isNaN(time.getTime()), `must be an ISO-8601 time with a zone, ${TIME_EXAMPLE}`);

/** A whole-number query parameter in [min, max]; when absent, `fallback` (or undefined without one). */
export function wholeNumberSchema(min: number, max: number, fallback: number): z.ZodType<number, z.ZodTypeDef, unknown>;
export function wholeNumberSchema(min: number, max: number): z.ZodType<number | undefined, z.ZodTypeDef, unknown>;
export function wholeNumberSchema(min: number, max: number, fallback?: number): z.ZodType<number | undefined, z.ZodTypeDef, unknown> {
  const problem = `must be a whole number from ${min} to ${max}`;
  // Digits first, then the range on the number: the OpenAPI document reads the integer and its bounds from the pipe's end.
  const schema = z
    .string({ invalid_type_error: ONCE })
    .regex(/^\d{1,9}$/, problem)
    .transform(Number)
    .pipe(z.number().int().min(min, problem).max(max, problem));
  return fallback === undefined ? schema.optional() : schema.default(String(fallback));
}

/** Parses one field, recording its first problem (the one to fix; later ones usually follow from it). */
export function parseField<T>(field: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown, problems: FieldProblem[]): T | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  problems.push({ field, problem: result.error.issues[0]?.message ?? 'is invalid' });
  return undefined;
}

/** A misspelt parameter ("form=") must not silently fall back to a default. */
export function refuseUnknownParameters(query: Record<string, unknown>, known: readonly string[], problems: FieldProblem[]): void {
  for (const name of Object.keys(query)) {
    if (!known.includes(name)) problems.push({ field: name, problem: `is not a parameter of this endpoint (${known.join(', ')})` });
  }
}

export function queryObject(queryParams: unknown): Record<string, unknown> {
  return (typeof queryParams === 'object' && queryParams !== null ? queryParams : {}) as Record<string, unknown>;
}
