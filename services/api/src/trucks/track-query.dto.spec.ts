import { describe, expect, it } from 'vitest';
import { DomainError, DomainErrorCode, type FieldProblem } from '../common/domain-error';
import { encodeTrackCursor } from './track-cursor';
import { parseTrackQuery, TRACK_LIMIT_DEFAULT } from './track-query.dto';

const FROM = '2025-05-01T00:00:00Z';
const TO = '2025-05-01T01:00:00Z';

function problemsOf(truckId: unknown, query: Record<string, unknown>): FieldProblem[] {
  try {
    parseTrackQuery(truckId, query);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(DomainErrorCode.INVALID_QUERY);
    return (error as DomainError).fields;
  }
  throw new Error('expected the query to be refused');
}

describe('parseTrackQuery', () => {
  it('accepts a window and applies the default limit', () => {
    expect(parseTrackQuery('truck-042', { from: FROM, to: TO })).toEqual({
      truckId: 'truck-042',
      from: new Date(FROM),
      to: new Date(TO),
      limit: TRACK_LIMIT_DEFAULT,
      after: null,
    });
  });

  it('reads times with offsets, including a "+" that arrived unescaped as a space', () => {
    const query = parseTrackQuery('t1', { from: '2025-05-01T08:00:00+08:00', to: '2025-05-01T09:00:00 08:00' });
    expect(query.from.toISOString()).toBe('2025-05-01T00:00:00.000Z');
    expect(query.to.toISOString()).toBe('2025-05-01T01:00:00.000Z');
  });

  it('accepts the largest limit and a 7-day window exactly', () => {
    const query = parseTrackQuery('t1', { from: FROM, to: '2025-05-08T00:00:00Z', limit: '10000' });
    expect(query.limit).toBe(10_000);
  });

  it('names a missing from and to', () => {
    expect(problemsOf('t1', {}).map((p) => p.field)).toEqual(['from', 'to']);
  });

  it.each([
    ['2025-05-01', 'date without a time'],
    ['2025-05-01T08:00:00', 'time without a zone'],
    ['yesterday', 'words'],
    ['2025-13-01T00:00:00Z', 'month 13'],
  ])('refuses from=%s (%s)', (from) => {
    expect(problemsOf('t1', { from, to: TO })).toEqual([{ field: 'from', problem: expect.stringContaining('ISO-8601') }]);
  });

  it('refuses a repeated parameter', () => {
    expect(problemsOf('t1', { from: [FROM, FROM], to: TO })).toEqual([{ field: 'from', problem: 'must be given once' }]);
  });

  it('refuses to equal to or before from, naming to', () => {
    expect(problemsOf('t1', { from: TO, to: FROM })).toEqual([{ field: 'to', problem: 'must be after from' }]);
    expect(problemsOf('t1', { from: FROM, to: FROM })).toEqual([{ field: 'to', problem: 'must be after from' }]);
  });

  it('refuses a window longer than 7 days', () => {
    expect(problemsOf('t1', { from: FROM, to: '2025-05-08T00:00:00.001Z' })).toEqual([
      { field: 'to', problem: 'must be at most 7 days after from' },
    ]);
  });

  it.each(['0', '10001', '-5', '1.5', '1e3', 'abc', ''])('refuses limit=%s', (limit) => {
    expect(problemsOf('t1', { from: FROM, to: TO, limit })).toEqual([{ field: 'limit', problem: 'must be a whole number from 1 to 10000' }]);
  });

  it.each(['', '-starts-with-dash', 'has space', 'x'.repeat(65), 'truck/1'])('refuses truckId %j', (truckId) => {
    expect(problemsOf(truckId, { from: FROM, to: TO }).map((p) => p.field)).toEqual(['truckId']);
  });

  it('refuses unknown parameters by name, so a typo cannot fall back to a default', () => {
    expect(problemsOf('t1', { from: FROM, to: TO, form: FROM })).toEqual([{ field: 'form', problem: expect.stringContaining('not a parameter') }]);
  });

  it('reports every bad field at once', () => {
    expect(problemsOf('-bad', { from: TO, to: FROM, limit: '0', cursor: '!!' }).map((p) => p.field)).toEqual(['truckId', 'limit', 'cursor', 'to']);
  });

  it('resumes after the position a cursor carries', () => {
    const after = { recordedAt: '2025-05-01T00:10:00.000500Z', seq: 601 };
    const query = parseTrackQuery('t1', { from: FROM, to: TO, cursor: encodeTrackCursor({ truckId: 't1', after }) });
    expect(query.after).toEqual(after);
  });

  it("refuses a cursor that is not one of ours, or another truck's", () => {
    expect(problemsOf('t1', { from: FROM, to: TO, cursor: 'bm90LWEtY3Vyc29y' })).toEqual([
      { field: 'cursor', problem: expect.stringContaining('not a cursor') },
    ]);
    const foreign = encodeTrackCursor({ truckId: 't2', after: { recordedAt: '2025-05-01T00:10:00.000000Z', seq: 1 } });
    expect(problemsOf('t1', { from: FROM, to: TO, cursor: foreign })).toEqual([{ field: 'cursor', problem: 'belongs to another truck' }]);
  });
});
