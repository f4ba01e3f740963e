import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRACK_SQL } from './trucks.repository';

// immich-style snapshot: the reviewed .sql file must be the query the code runs.
// Its behaviour on data: services/api/test/track.test.ts (HTTP: window edges, microsecond paging), and in
// every database mode history-repository-modes.test.ts "one truck's track" and storage-modes.test.ts.
describe('TrucksRepository SQL snapshot', () => {
  it('queries/track.sql matches TRACK_SQL', () => {
    const snapshot = readFileSync(path.join(__dirname, 'queries', 'track.sql'), 'utf8');
    const withoutComments = snapshot
      .split('\n')
      .filter((line) => !line.startsWith('--'))
      .join('\n');
    expect(withoutComments.trim()).toBe(TRACK_SQL.trim());
  });
});
