import { describe, expect, it } from 'vitest';
import { DomainError, DomainErrorCode, type FieldProblem } from '../common/domain-error';
import { encodeHistoryCursor } from './history-cursor';
import { HISTORY_LIMIT_DEFAULT, tracksCursorScope } from './history-query.schemas';
import { parseTruckTrackQuery } from './truck-track-query.schema';

const FROM = '2025-05-01T00:00:00Z';
const TO = '2025-05-01T01:00:00Z';
const cursorAt = (entityId: string, recordedAt: string, seq: number, scope = tracksCursorScope('trucks', null)) =>
  encodeHistoryCursor({ scope, entityId, recordedAt, seq });

function problemsOf(truckId: unknown, query: Record<string, unknown>): FieldProblem[] {
  try {
    parseTruckTrackQuery(truckId, query);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(DomainErrorCode.INVALID_QUERY);
    return (error as DomainError).fields;
  }
  throw new Error('expected the query to be refused');
}

describe('parseTruckTrackQuery', () => {
  it("is the history tracks query for the one truck, flat, every reading, with the default limit", () => {
    expect(parseTruckTrackQuery('truck-042', { from: FROM, to: TO })).toEqual({
      fleet: 'trucks',
      ids: ['truck-042'],
      from: new Date(FROM),
      to: new Date(TO),
      every: null,
      limit: HISTORY_LIMIT_DEFAULT,
      shape: 'flat',
      after: null,
    });
  });

  it('reads times with offsets, including a "+" that arrived unescaped as a space', () => {
    const query = parseTruckTrackQuery('t1', { from: '2025-05-01T08:00:00+08:00', to: '2025-05-01T09:00:00 08:00' });
    expect(query.from.toISOString()).toBe('2025-05-01T00:00:00.000Z');
    expect(query.to.toISOString()).toBe('2025-05-01T01:00:00.000Z');
  });

  it('accepts the largest limit and a 7-day window exactly', () => {
    const query = parseTruckTrackQuery('t1', { from: FROM, to: '2025-05-08T00:00:00Z', limit: '10000' });
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
    expect(problemsOf('t1', { from: FROM, to: '2025-05-08T00:00:00.001Z' })).toEqual([{ field: 'to', problem: 'must be at most 7 days after from' }]);
  });

  it.each(['0', '10001', '-5', '1.5', '1e3', 'abc', ''])('refuses limit=%s', (limit) => {
    expect(problemsOf('t1', { from: FROM, to: TO, limit })).toEqual([{ field: 'limit', problem: 'must be a whole number from 1 to 10000' }]);
  });

  it.each(['', '-starts-with-dash', 'has space', 'x'.repeat(65), 'truck/1', 'truck-1,truck-2'])('refuses truckId %j', (truckId) => {
    expect(problemsOf(truckId, { from: FROM, to: TO })).toEqual([
      { field: 'truckId', problem: 'must be 1-64 letters, digits or _.:- starting with a letter or digit' },
    ]);
  });

  it("refuses the history's own parameters and typos by name, listing the alias's", () => {
    expect(problemsOf('t1', { from: FROM, to: TO, form: FROM, every: '60', shape: 'grouped' })).toEqual(
      ['form', 'every', 'shape'].map((field) => ({ field, problem: 'is not a parameter of this endpoint (from, to, limit, cursor)' })),
    );
  });

  it('reports every bad field at once', () => {
    expect(problemsOf('-bad', { from: TO, to: FROM, limit: '0', cursor: '!!' }).map((p) => p.field)).toEqual(['truckId', 'limit', 'cursor', 'to']);
  });

  it('resumes after the position a cursor carries, from this alias or from /history/tracks', () => {
    const after = { entityId: 't1', recordedAt: '2025-05-01T00:10:00.000500Z', seq: 601 };
    const query = parseTruckTrackQuery('t1', { from: FROM, to: TO, cursor: cursorAt(after.entityId, after.recordedAt, after.seq) });
    expect(query.after).toEqual(after);
  });

  it("refuses a cursor that is not one of ours, another truck's, or another request's", () => {
    expect(problemsOf('t1', { from: FROM, to: TO, cursor: 'bm90LWEtY3Vyc29y' })).toEqual([{ field: 'cursor', problem: expect.stringContaining('not a cursor') }]);
    const foreign = cursorAt('t2', '2025-05-01T00:10:00.000000Z', 1);
    expect(problemsOf('t1', { from: FROM, to: TO, cursor: foreign })).toEqual([{ field: 'cursor', problem: 'belongs to another truck' }]);
    const downsampled = cursorAt('t1', '2025-05-01T00:10:00.000000Z', -1, tracksCursorScope('trucks', 60));
    expect(problemsOf('t1', { from: FROM, to: TO, cursor: downsampled })).toEqual([{ field: 'cursor', problem: expect.stringContaining('another request') }]);
  });
});
