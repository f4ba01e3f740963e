import { z } from 'zod';
import { DomainError, type FieldProblem } from './domain-error';

/**
 * Validates a JSON body against a strict zod object: every problem at once, each named by its
 * field as sent (a misspelt or extra field is a problem too, not silently dropped). Throws
 * INVALID_BODY (400).
 */
export function parseBody<S extends z.ZodRawShape>(schema: z.ZodObject<S>, body: unknown): z.infer<z.ZodObject<S>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw DomainError.invalidBody([{ field: '(body)', problem: 'must be a JSON object (Content-Type: application/json)' }]);
  }
  const result = schema.strict().safeParse(body);
  if (result.success) return result.data;
  const problems: FieldProblem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ field: key, problem: `is not a field of this request (${Object.keys(schema.shape).join(', ')})` });
    } else {
      const field = issue.path.join('.') || '(body)';
      if (!problems.some((p) => p.field === field)) problems.push({ field, problem: issue.message });
    }
  }
  throw DomainError.invalidBody(problems);
}
