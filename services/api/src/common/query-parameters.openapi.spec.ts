import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isoTimeSchema, wholeNumberSchema } from './query-fields';
import { queryParametersOf } from './query-parameters.openapi';

describe('queryParametersOf', () => {
  it('documents the text a pipeline must parse as: the integer and its bounds, not the digits', () => {
    expect(queryParametersOf(z.object({ limit: wholeNumberSchema(1, 50, 20), every: wholeNumberSchema(5, 60) }))).toEqual([
      { name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 50, default: 20 } },
      { name: 'every', required: false, schema: { type: 'integer', minimum: 5, maximum: 60 } },
    ]);
  });

  it('sees through refinements and transforms to the time with a zone', () => {
    expect(queryParametersOf(z.object({ at: isoTimeSchema.describe('The instant') }))).toEqual([
      { name: 'at', required: true, description: 'The instant', schema: { type: 'string', format: 'date-time' } },
    ]);
  });

  it('carries enums, string rules, exclusive bounds, booleans and descriptions on any layer', () => {
    const schema = z.object({
      kind: z.enum(['a', 'b']).describe('Which kind'),
      code: z.string().regex(/^[A-Z]+$/).min(2).max(8).optional().describe('A code'),
      ratio: z.number().gt(0).lt(1).describe('Inner description').optional(),
      on: z.boolean().default(true),
    });
    expect(queryParametersOf(schema)).toEqual([
      { name: 'kind', required: true, description: 'Which kind', schema: { type: 'string', enum: ['a', 'b'] } },
      { name: 'code', required: false, description: 'A code', schema: { type: 'string', pattern: '^[A-Z]+$', minLength: 2, maxLength: 8 } },
      { name: 'ratio', required: false, description: 'Inner description', schema: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true } },
      { name: 'on', required: false, schema: { type: 'boolean', default: true } },
    ]);
  });

  it('refuses a zod type it has no OpenAPI form for, naming the parameter', () => {
    expect(() => queryParametersOf(z.object({ ids: z.array(z.string()) }))).toThrow('query parameter "ids": no OpenAPI form for ZodArray');
  });
});
