import { describe, expect, it } from 'vitest';
import { BIKE_EVENTS_TABLE } from '../bike-events/bike-events.repository';
import { VESSEL_SIGHTINGS_TABLE } from '../boat-readings/boat-readings.repository';
import { copySql, createStagingSql, insertFromStagingSql } from './staged-copy.writer';
import { copyLineOf, type StagedTable } from './staged-table';

const table: StagedTable<{ id: string; n: number; big: bigint; flag: boolean; fence: string | null }> = {
  name: 'things',
  columns: ['id', 'n', 'big', 'flag', 'fence'],
  key: ['id', 'n'],
  fieldsOf: (r) => [r.id, r.n, r.big, r.flag, r.fence],
};

describe('copyLineOf', () => {
  it('writes NULL as \\N, booleans as t/f and escapes text', () => {
    expect(copyLineOf(table, { id: 'a\tb', n: 1.5, big: 9007199254740993n, flag: true, fence: null })).toBe('a\\tb\t1.5\t9007199254740993\tt\t\\N\n');
    expect(copyLineOf(table, { id: 'x', n: 0, big: 0n, flag: false, fence: 'F-1' })).toBe('x\t0\t0\tf\tF-1\n');
  });
});

describe('staging SQL', () => {
  it('stages in a LIKE twin and inserts one row per key, in key order, skipping stored ones', () => {
    expect(createStagingSql(table)).toBe('CREATE TEMP TABLE IF NOT EXISTS things_staging (LIKE things INCLUDING DEFAULTS) ON COMMIT DELETE ROWS');
    expect(copySql(table)).toBe('COPY things_staging (id, n, big, flag, fence) FROM STDIN');
    expect(insertFromStagingSql(table).replace(/\s+/g, ' ')).toBe(
      'INSERT INTO things (id, n, big, flag, fence) SELECT DISTINCT ON (id, n) id, n, big, flag, fence FROM things_staging ORDER BY id, n ON CONFLICT DO NOTHING',
    );
  });

  it('keys every fleet table by its migration primary key', () => {
    expect(BIKE_EVENTS_TABLE.key).toEqual(['bike_id', 'recorded_at', 'seq']);
    expect(VESSEL_SIGHTINGS_TABLE.key).toEqual(['boat_id', 'sighting_id']);
  });
});
