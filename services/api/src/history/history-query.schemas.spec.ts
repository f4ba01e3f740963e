import { describe, expect, it } from 'vitest';
import { DomainError, DomainErrorCode, type FieldProblem } from '../common/domain-error';
import { encodeHistoryCursor } from './history-cursor';
import {
  HISTORY_LIMIT_DEFAULT,
  parseExportQuery,
  parseKpisQuery,
  parseStateQuery,
  parseTracksQuery,
  stateCursorScope,
  tracksCursorScope,
} from './history-query.schemas';

const FROM = '2025-05-01T00:00:00Z';
const TO = '2025-05-01T01:00:00Z';

function problemsOf(parse: (query: unknown) => unknown, query: Record<string, unknown>): FieldProblem[] {
  try {
    parse(query);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(DomainErrorCode.INVALID_QUERY);
    return (error as DomainError).fields;
  }
  throw new Error('expected the query to be refused');
}
const fieldsOf = (parse: (query: unknown) => unknown, query: Record<string, unknown>) => problemsOf(parse, query).map((p) => p.field);

describe('parseTracksQuery', () => {
  it('accepts many ids, drops repeats, and applies the defaults', () => {
    expect(parseTracksQuery({ fleet: 'boats', ids: 'boat-1, boat-2,boat-1', from: FROM, to: TO })).toEqual({
      fleet: 'boats',
      ids: ['boat-1', 'boat-2'],
      from: new Date(FROM),
      to: new Date(TO),
      every: null,
      limit: HISTORY_LIMIT_DEFAULT,
      shape: 'grouped',
      after: null,
    });
  });

  it('reads every, limit, shape and a cursor of the same fleet and every', () => {
    const cursor = encodeHistoryCursor({ scope: tracksCursorScope('trucks', 60), entityId: 'truck-1', recordedAt: '2025-05-01T00:01:00.000000Z', seq: -1 });
    const query = parseTracksQuery({ fleet: 'trucks', ids: 'truck-1', from: FROM, to: TO, every: '60', limit: '5', shape: 'flat', cursor });
    expect(query).toMatchObject({ every: 60, limit: 5, shape: 'flat', after: { entityId: 'truck-1', recordedAt: '2025-05-01T00:01:00.000000Z', seq: -1 } });
  });

  it('names every bad field at once', () => {
    const problems = problemsOf(parseTracksQuery, { fleet: 'corridors', ids: 'ok,-bad', from: 'yesterday', to: TO, every: '0', limit: '0', shape: 'tree', form: FROM });
    expect(problems).toEqual([
      { field: 'fleet', problem: 'must be one of trucks, bikes, boats, ambulances' },
      { field: 'ids', problem: expect.stringContaining('each id must be') },
      { field: 'from', problem: expect.stringContaining('ISO-8601') },
      { field: 'every', problem: 'must be a whole number from 1 to 86400' },
      { field: 'limit', problem: 'must be a whole number from 1 to 10000' },
      { field: 'shape', problem: 'must be one of grouped, flat' },
      { field: 'form', problem: expect.stringContaining('is not a parameter') },
    ]);
  });

  it('says what is missing', () => {
    expect(problemsOf(parseTracksQuery, {})).toEqual([
      { field: 'fleet', problem: 'is required: one of trucks, bikes, boats, ambulances' },
      { field: 'ids', problem: expect.stringContaining('is required') },
      { field: 'from', problem: expect.stringContaining('is required') },
      { field: 'to', problem: expect.stringContaining('is required') },
    ]);
  });

  it('refuses a repeated parameter', () => {
    expect(problemsOf(parseTracksQuery, { fleet: ['trucks', 'boats'], ids: 'a', from: FROM, to: TO })).toEqual([{ field: 'fleet', problem: 'must be given once' }]);
  });

  it('bounds the ids and the window', () => {
    const ids = Array.from({ length: 201 }, (_, i) => `t${i}`).join(',');
    expect(problemsOf(parseTracksQuery, { fleet: 'trucks', ids, from: FROM, to: '2025-05-08T00:00:00.001Z' })).toEqual([
      { field: 'ids', problem: 'must list at most 200 ids' },
      { field: 'to', problem: 'must be at most 7 days after from' },
    ]);
    expect(() => parseTracksQuery({ fleet: 'trucks', ids: Array.from({ length: 200 }, (_, i) => `t${i}`).join(','), from: FROM, to: '2025-05-08T00:00:00Z' })).not.toThrow();
    expect(problemsOf(parseTracksQuery, { fleet: 'trucks', ids: 'a', from: TO, to: FROM })).toEqual([{ field: 'to', problem: 'must be after from' }]);
  });

  it('refuses a cursor issued for another fleet or another every', () => {
    const rawTrucks = encodeHistoryCursor({ scope: tracksCursorScope('trucks', null), entityId: 'a', recordedAt: '2025-05-01T00:00:01.000000Z', seq: 1 });
    expect(fieldsOf(parseTracksQuery, { fleet: 'boats', ids: 'a', from: FROM, to: TO, cursor: rawTrucks })).toEqual(['cursor']);
    expect(fieldsOf(parseTracksQuery, { fleet: 'trucks', ids: 'a', from: FROM, to: TO, every: '10', cursor: rawTrucks })).toEqual(['cursor']);
    expect(fieldsOf(parseTracksQuery, { fleet: 'trucks', ids: 'a', from: FROM, to: TO, cursor: 'not-a-cursor' })).toEqual(['cursor']);
    expect(parseTracksQuery({ fleet: 'trucks', ids: 'a', from: FROM, to: TO, cursor: rawTrucks }).after).toMatchObject({ entityId: 'a', seq: 1 });
  });
});

describe('parseKpisQuery', () => {
  it('accepts each fleet including corridors', () => {
    expect(parseKpisQuery({ fleet: 'corridors', bucket: '1h', from: FROM, to: TO })).toEqual({ fleet: 'corridors', bucket: '1h', from: new Date(FROM), to: new Date(TO) });
  });

  it('bounds the window by the bucket', () => {
    expect(() => parseKpisQuery({ fleet: 'trucks', bucket: '1m', from: FROM, to: '2025-05-03T00:00:00Z' })).not.toThrow();
    expect(problemsOf(parseKpisQuery, { fleet: 'trucks', bucket: '1m', from: FROM, to: '2025-05-03T00:00:00.001Z' })).toEqual([
      { field: 'to', problem: 'must be at most 2 days (bucket 1m) after from' },
    ]);
    expect(() => parseKpisQuery({ fleet: 'trucks', bucket: '1h', from: FROM, to: '2025-05-20T00:00:00Z' })).not.toThrow();
  });

  it('offers ambulances hourly buckets only, the width of their roll-up', () => {
    expect(parseKpisQuery({ fleet: 'ambulances', bucket: '1h', from: FROM, to: TO })).toEqual({ fleet: 'ambulances', bucket: '1h', from: new Date(FROM), to: new Date(TO) });
    expect(problemsOf(parseKpisQuery, { fleet: 'ambulances', bucket: '1m', from: FROM, to: TO })).toEqual([
      { field: 'bucket', problem: 'must be 1h for ambulances: the buckets of its roll-ups' },
    ]);
    // The window is still checked, against the bucket asked for.
    expect(fieldsOf(parseKpisQuery, { fleet: 'ambulances', bucket: '1m', from: TO, to: FROM })).toEqual(['bucket', 'to']);
  });

  it('names a bad bucket and fleet', () => {
    expect(problemsOf(parseKpisQuery, { fleet: 'ships', bucket: '5m', from: FROM, to: TO })).toEqual([
      { field: 'fleet', problem: 'must be one of trucks, bikes, boats, ambulances, corridors' },
      { field: 'bucket', problem: 'must be one of 1m, 1h' },
    ]);
  });
});

describe('parseStateQuery', () => {
  const AT = '2025-05-01T08:30:00+08:00';

  it('accepts an instant with a zone and a cursor for the same instant', () => {
    const cursor = encodeHistoryCursor({ scope: stateCursorScope('bikes', new Date(AT)), entityId: 'bike-9', recordedAt: '2025-05-01T00:29:00.000000Z', seq: 3 });
    expect(parseStateQuery({ fleet: 'bikes', at: AT, limit: '50', cursor })).toEqual({
      fleet: 'bikes',
      at: new Date('2025-05-01T00:30:00Z'),
      limit: 50,
      after: { entityId: 'bike-9', recordedAt: '2025-05-01T00:29:00.000000Z', seq: 3 },
    });
  });

  it('refuses a cursor from another instant', () => {
    const cursor = encodeHistoryCursor({ scope: stateCursorScope('bikes', new Date(FROM)), entityId: 'bike-9', recordedAt: '2025-05-01T00:00:00.000000Z', seq: 3 });
    expect(problemsOf(parseStateQuery, { fleet: 'bikes', at: AT, cursor })).toEqual([{ field: 'cursor', problem: expect.stringContaining('another request') }]);
  });

  it('requires fleet and at', () => {
    expect(fieldsOf(parseStateQuery, {})).toEqual(['fleet', 'at']);
  });
});

describe('parseExportQuery', () => {
  it('accepts up to 24 hours', () => {
    expect(parseExportQuery({ fleet: 'trucks', from: FROM, to: '2025-05-02T00:00:00Z', format: 'geojson' })).toEqual({
      fleet: 'trucks',
      from: new Date(FROM),
      to: new Date('2025-05-02T00:00:00Z'),
      format: 'geojson',
    });
  });

  it('refuses a longer window and an unknown format', () => {
    expect(problemsOf(parseExportQuery, { fleet: 'trucks', from: FROM, to: '2025-05-02T00:00:00.001Z', format: 'xlsx' })).toEqual([
      { field: 'format', problem: 'must be one of csv, geojson' },
      { field: 'to', problem: 'must be at most 24 hours after from' },
    ]);
  });
});
