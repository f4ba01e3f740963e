import { AlertChangeKind, AlertSeverity, AlertState } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import type { District } from '../dashboard/city-places';
import { liveAlertOf } from './alert-book';
import { T0, alertChange, alertSummary } from './alert-change.fixtures';
import { DEFAULT_FILTERS, filterChoices, groupByIncident, queueRows, slaDue, stepSelection } from './alert-queue';

const alert = (...args: Parameters<typeof alertChange>) => liveAlertOf(alertChange(...args));
const ids = (rows: { alert: { id: string } }[]) => rows.map((row) => row.alert.id);

describe('the alert queue', () => {
  it('puts unresolved before resolved, then the most severe, then the one waiting longest', () => {
    const alerts = [
      alert({ alertId: 'warn-new', severity: AlertSeverity.WARNING, raisedAtMs: T0 + 60_000 }),
      alert({ alertId: 'crit-new', severity: AlertSeverity.CRITICAL, raisedAtMs: T0 + 30_000 }),
      alert({ alertId: 'warn-old', severity: AlertSeverity.WARNING, raisedAtMs: T0 }),
      alert({ alertId: 'crit-done', severity: AlertSeverity.CRITICAL, state: AlertState.RESOLVED }),
      alert({ alertId: 'info', severity: AlertSeverity.INFO, raisedAtMs: T0 - 600_000 }),
    ];
    expect(ids(queueRows(alerts, new Map(), { ...DEFAULT_FILTERS, state: null }))).toEqual(['crit-new', 'warn-old', 'warn-new', 'info', 'crit-done']);
  });

  it('filters by fleet, rule and state; unresolved by default', () => {
    const alerts = [
      alert({ alertId: 'boat', fleet: 'boats', rule: 'boat.low-battery' }),
      alert({ alertId: 'truck', fleet: 'trucks', rule: 'truck.stale', state: AlertState.ASSIGNED }),
      alert({ alertId: 'done', fleet: 'trucks', rule: 'truck.stale', state: AlertState.RESOLVED }),
    ];
    const none = new Map();
    expect(ids(queueRows(alerts, none, DEFAULT_FILTERS)).sort()).toEqual(['boat', 'truck']);
    expect(ids(queueRows(alerts, none, { ...DEFAULT_FILTERS, fleet: 'trucks' }))).toEqual(['truck']);
    expect(ids(queueRows(alerts, none, { fleet: null, district: null, rule: 'truck.stale', state: null }))).toEqual(['truck', 'done']);
    expect(ids(queueRows(alerts, none, { fleet: null, district: null, rule: null, state: 'resolved' }))).toEqual(['done']);
    expect(filterChoices(alerts)).toEqual({ fleets: ['boats', 'trucks'], rules: ['boat.low-battery', 'truck.stale'] });
  });

  it('counts down to acknowledging while open and to resolving after; nothing without the api row or once resolved', () => {
    const summary = alertSummary('a1');
    expect(slaDue(alert(), summary)).toEqual({ step: 'acknowledge', atMs: T0 + 300_000 });
    expect(slaDue(alert({ state: AlertState.ACKNOWLEDGED }), summary)).toEqual({ step: 'resolve', atMs: T0 + 3_600_000 });
    expect(slaDue(alert(), undefined)).toBeNull();
    expect(slaDue(alert({ state: AlertState.RESOLVED }), summary)).toBeNull();
    expect(slaDue(alert(), alertSummary('a1', { acknowledgeDueAt: null }))).toBeNull();
  });

  it('marks escalated rows from the api row or the escalation change, and names the district', () => {
    const district: District = { id: 'shizhong', name: 'Shizhong', nameZh: '市中区', ring: [[105, 29.5], [105.1, 29.5], [105.1, 29.6], [105, 29.6]], bounds: [105, 29.5, 105.1, 29.6] };
    const rows = queueRows(
      [alert({ alertId: 'by-api' }), alert({ alertId: 'by-change', change: AlertChangeKind.ESCALATED, lon: 104, lat: 29 }), alert({ alertId: 'calm' })],
      new Map([['by-api', alertSummary('by-api', { escalated: true })]]),
      DEFAULT_FILTERS,
      [district],
    );
    const byId = new Map(rows.map((row) => [row.alert.id, row]));
    expect(byId.get('by-api')).toMatchObject({ escalated: true, district: { id: 'shizhong' } });
    expect(byId.get('by-change')).toMatchObject({ escalated: true, district: null });
    expect(byId.get('calm')?.escalated).toBe(false);
    // Narrowed to the district: the alert placed outside it goes, and so does the one with no place inside any.
    const inDistrict = queueRows(rows.map((row) => row.alert), new Map(), { ...DEFAULT_FILTERS, district: 'shizhong' }, [district]);
    expect(inDistrict.map((row) => row.alert.id).sort()).toEqual(['by-api', 'calm']);
  });

  it('groups the alerts of one incident under one header where its first row stands; a lone incident stays a plain row', () => {
    const rows = queueRows(
      [
        alert({ alertId: 'fence-1', incidentId: 'inc-daqian', severity: AlertSeverity.WARNING, raisedAtMs: T0 }),
        alert({ alertId: 'crit', severity: AlertSeverity.CRITICAL }),
        alert({ alertId: 'fence-2', incidentId: 'inc-daqian', severity: AlertSeverity.WARNING, raisedAtMs: T0 + 5 }),
        alert({ alertId: 'lone', incidentId: 'inc-alone', severity: AlertSeverity.INFO }),
      ],
      new Map(),
      DEFAULT_FILTERS,
    );
    const groups = groupByIncident(rows);
    expect(groups.map((group) => [group.incidentId, ids(group.rows)])).toEqual([
      [null, ['crit']],
      ['inc-daqian', ['fence-1', 'fence-2']],
      [null, ['lone']],
    ]);
  });

  it('steps through the queue, clamped at its ends, from the first when nothing is selected', () => {
    const order = ['a', 'b', 'c'];
    expect(stepSelection(order, null, 1)).toBe('a');
    expect(stepSelection(order, null, -1)).toBe('c');
    expect(stepSelection(order, 'a', 1)).toBe('b');
    expect(stepSelection(order, 'c', 1)).toBe('c');
    expect(stepSelection(order, 'a', -1)).toBe('a');
    expect(stepSelection(order, 'gone', 1)).toBe('a');
    expect(stepSelection([], 'a', 1)).toBeNull();
  });
});
