import { describe, expect, it } from 'vitest';
import { DomainError, DomainErrorCode, type FieldProblem } from '../common/domain-error';
import { parseAmbulanceTodayQuery } from './ambulance-today-query.schema';

const NOW = new Date('2025-05-01T02:30:00Z');

function problemsOf(query: Record<string, unknown>): FieldProblem[] {
  try {
    parseAmbulanceTodayQuery(query, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(DomainErrorCode.INVALID_QUERY);
    return (error as DomainError).fields;
  }
  throw new Error('expected the query to be refused');
}

describe('parseAmbulanceTodayQuery', () => {
  it('answers for now without parameters', () => {
    expect(parseAmbulanceTodayQuery({}, NOW)).toEqual({ at: NOW });
    expect(parseAmbulanceTodayQuery(undefined, NOW)).toEqual({ at: NOW });
  });

  it('reads an instant with a zone, an unescaped "+08:00" included', () => {
    expect(parseAmbulanceTodayQuery({ at: '2025-05-01T08:00:00+08:00' }, NOW)).toEqual({ at: new Date('2025-05-01T00:00:00Z') });
    expect(parseAmbulanceTodayQuery({ at: '2025-05-01T08:00:00 08:00' }, NOW)).toEqual({ at: new Date('2025-05-01T00:00:00Z') });
  });

  it('names a time without a zone, a repeated at and an unknown parameter', () => {
    expect(problemsOf({ at: '2025-05-01T08:00:00' })).toEqual([{ field: 'at', problem: expect.stringContaining('ISO-8601 time with a zone') }]);
    expect(problemsOf({ at: ['2025-05-01T08:00:00Z', '2025-05-02T08:00:00Z'] })).toEqual([{ field: 'at', problem: 'must be given once' }]);
    expect(problemsOf({ at: 'today', day: '2025-05-01' })).toEqual([
      { field: 'at', problem: expect.stringContaining('ISO-8601') },
      { field: 'day', problem: 'is not a parameter of this endpoint (at)' },
    ]);
  });
});
