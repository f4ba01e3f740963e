import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AMBULANCE_TODAY_SQL } from './ambulance-calls.repository';

// The reviewed queries/today.sql must be the query the code runs. What it answers is tested on data, in
// every database mode, in services/api/test/ambulance-calls.test.ts.
const QUERIES = path.join(__dirname, 'queries');

describe('AmbulanceCallsRepository SQL snapshot', () => {
  it('queries/today.sql matches the code', () => {
    const snapshot = readFileSync(path.join(QUERIES, 'today.sql'), 'utf8');
    const withoutComments = snapshot
      .split('\n')
      .filter((line) => !line.startsWith('--'))
      .join('\n');
    expect(withoutComments.trim()).toBe(AMBULANCE_TODAY_SQL.trim());
  });

  it('has no snapshot for a query the code no longer runs', () => {
    expect(readdirSync(QUERIES)).toEqual(['today.sql']);
  });

  it('reads the call events by the stages of migration 009 (RECEIVED 1, ON_SCENE 3, CLOSED 6), never the readings', () => {
    expect(AMBULANCE_TODAY_SQL.match(/stage = \d/g)).toEqual(['stage = 1', 'stage = 6', 'stage = 1', 'stage = 3']);
    expect(AMBULANCE_TODAY_SQL).not.toContain('ambulance_readings');
  });
});
