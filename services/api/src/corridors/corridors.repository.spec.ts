import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORRIDOR_FIXES_SQL, CORRIDOR_OBSERVED_SQL, CORRIDOR_PHASES_SQL } from './corridors.repository';

// The reviewed queries/*.sql must be the queries the code runs. What they answer is tested on data in
// services/api/test/corridor-time-space.test.ts.
const QUERIES = path.join(__dirname, 'queries');
const SNAPSHOTS: Record<string, string> = { 'phases.sql': CORRIDOR_PHASES_SQL, 'fixes.sql': CORRIDOR_FIXES_SQL, 'observed.sql': CORRIDOR_OBSERVED_SQL };

describe('CorridorsRepository SQL snapshots', () => {
  for (const [file, sql] of Object.entries(SNAPSHOTS)) {
    it(`queries/${file} matches the code`, () => {
      const snapshot = readFileSync(path.join(QUERIES, file), 'utf8')
        .split('\n')
        .filter((line) => !line.startsWith('--'))
        .join('\n');
      expect(snapshot.trim()).toBe(sql.trim());
    });
  }

  it('has no snapshot for a query the code no longer runs', () => {
    expect(readdirSync(QUERIES).sort()).toEqual(Object.keys(SNAPSHOTS).sort());
  });
});
