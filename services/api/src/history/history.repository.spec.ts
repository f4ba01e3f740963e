import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HISTORY_SQL, kpiRollupFor } from './history.repository';

// immich-style snapshots: each reviewed queries/<kind>.<fleet>.sql must be the query the code runs.
// These only keep the snapshots current; what each query returns is tested on data, in every database
// mode, in services/api/test/history-repository-modes.test.ts (HTTP: history.test.ts):
//   tracks.*          describe 'tracks': window edges per fleet, keyset paging (microseconds)
//   sampled-tracks.*  describe 'tracks': 'downsamples ...', 'resumes a downsampled track ...'
//   state.*           describes 'state at an instant' and '... edges': instant, lookback limit, paging
//   export.*          describe 'export batches': window edges per fleet, batches of 1, 3, 5
//   kpis-1m.*, kpis-1h.*  describe 'KPI series from the roll-ups': every fleet, both widths, empty buckets
//   kpis-rolled-up-*      describe 'KPI series from the roll-ups': rolledUpTo, the end of the newest rolled-up bucket
//   *.ambulances      describe 'ambulances': tracks, downsampling, state and export batches of ambulance readings
const QUERIES = path.join(__dirname, 'queries');
const snapshotName = (kind: string, fleet: string) => `${kind.toLowerCase().replace(/_/g, '-')}.${fleet}.sql`;
const cases = Object.entries(HISTORY_SQL).flatMap(([kind, byFleet]) => Object.entries(byFleet).map(([fleet, sql]) => [snapshotName(kind, fleet), sql] as const));

describe('HistoryRepository SQL snapshots', () => {
  it.each(cases)('queries/%s matches the code', (file, sql) => {
    const snapshot = readFileSync(path.join(QUERIES, file), 'utf8');
    const withoutComments = snapshot
      .split('\n')
      .filter((line) => !line.startsWith('--'))
      .join('\n');
    expect(withoutComments.trim()).toBe(sql.trim());
  });

  it('has no snapshot for a query the code no longer runs', () => {
    expect(readdirSync(QUERIES).sort()).toEqual(cases.map(([file]) => file).sort());
  });
});

describe('kpiRollupFor', () => {
  it('reads the hour roll-ups for whole hours and the minute ones otherwise', () => {
    expect([60, 300, 1800, 3600, 7200, 86_400].map(kpiRollupFor)).toEqual(['1m', '1m', '1m', '1h', '1h', '1h']);
  });

  it('never reads a raw table for a KPI series, but for the ambulances\' response-time percentiles', () => {
    const sqls = [...Object.values(HISTORY_SQL.KPIS_1M), ...Object.values(HISTORY_SQL.KPIS_1H)];
    expect(sqls).toHaveLength(9);
    for (const sql of sqls) expect(sql).not.toMatch(/\b(truck_readings|bike_events|boat_readings|corridor_observations|ambulance_readings)\b/);
    // Percentiles cannot be added up from roll-up rows: those of the ON_SCENE events only, everything else from ambulance_calls_1h.
    const ambulances = HISTORY_SQL.KPIS_1H.ambulances ?? '';
    expect(ambulances.match(/\bemergency_call_events\b[\s\S]*/)?.[0]).toMatch(/^emergency_call_events\s+WHERE stage = 3\s/);
    expect(ambulances.match(/\bemergency_call_events\b/g)).toHaveLength(1);
    expect(ambulances).toContain('FROM ambulance_calls_1h');
    expect(HISTORY_SQL.KPIS_1M.ambulances).toBeUndefined();
  });
});
