import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from './domain-error';
import { parseBody } from './request-body';

const schema = z.object({ username: z.string().min(2, 'must be at least 2 characters'), role: z.enum(['operator', 'admin']).optional() });

function problems(body: unknown) {
  try {
    parseBody(schema, body);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).fields;
  }
  throw new Error('accepted');
}

describe('parseBody', () => {
  it('answers the parsed body', () => {
    expect(parseBody(schema, { username: 'ann', role: 'admin' })).toEqual({ username: 'ann', role: 'admin' });
  });

  it('names every bad, missing and unknown field at once', () => {
    expect(problems({ username: 'a', role: 'boss', colour: 'red' })).toEqual([
      { field: 'username', problem: 'must be at least 2 characters' },
      { field: 'role', problem: expect.stringContaining("'operator' | 'admin'") },
      { field: 'colour', problem: 'is not a field of this request (username, role)' },
    ]);
    expect(problems({})).toEqual([{ field: 'username', problem: 'Required' }]);
  });

  it('refuses a body that is not an object', () => {
    expect(problems(undefined)).toEqual([{ field: '(body)', problem: expect.stringContaining('JSON object') }]);
    expect(problems([1])).toHaveLength(1);
  });
});
