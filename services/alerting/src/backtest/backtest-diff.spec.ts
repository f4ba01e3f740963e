import type { BacktestAlert } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { diffAlerts, MATCH_TOLERANCE_MS, type StoredAlert } from './backtest-diff';

const alert = (over: Partial<BacktestAlert> = {}): BacktestAlert => ({
  rule: 'boat.low-battery',
  entityId: 'B-01',
  fleet: 'boats',
  severity: 2,
  title: { en: 'Boat B-01 battery at 15%', zh: '清漂船B-01电量15%' },
  raisedAt: '2026-12-02T08:00:00.000Z',
  clearedAt: '2026-12-02T08:10:00.000Z',
  resolvedAt: null,
  lon: 105,
  lat: 29.6,
  openAtStart: false,
  ...over,
});
const stored = (over: Partial<StoredAlert> = {}): StoredAlert => ({ ...alert(), escalated: false, ...over });

describe('diffAlerts', () => {
  it('pairs alerts of the same rule and entity raised within the tolerance, the rest added or removed', () => {
    const late = new Date(Date.parse('2026-12-02T08:00:00Z') + MATCH_TOLERANCE_MS - 1).toISOString();
    const diff = diffAlerts([alert(), alert({ entityId: 'B-02' })], [stored({ raisedAt: late }), stored({ entityId: 'B-03' })]);
    expect(diff.unchanged).toBe(1);
    expect(diff.added.map((a) => a.entityId)).toEqual(['B-02']);
    expect(diff.removed.map((a) => a.entityId)).toEqual(['B-03']);
    expect(diff.removed[0]).not.toHaveProperty('escalated');
  });

  it('does not pair raises further apart than the tolerance', () => {
    const far = new Date(Date.parse('2026-12-02T08:00:00Z') + MATCH_TOLERANCE_MS + 1).toISOString();
    const diff = diffAlerts([alert()], [stored({ raisedAt: far })]);
    expect([diff.added.length, diff.removed.length, diff.unchanged]).toEqual([1, 1, 0]);
  });

  it('names what changed: severity, title, clear time; an SLA escalation is not a change', () => {
    const diff = diffAlerts(
      [alert(), alert({ entityId: 'B-02' }), alert({ entityId: 'B-03' })],
      [stored({ severity: 3 }), stored({ entityId: 'B-02', severity: 3, escalated: true }), stored({ entityId: 'B-03', clearedAt: null, title: { en: 'other', zh: 'other' } })],
    );
    expect(diff.unchanged).toBe(1);
    expect(diff.changed.map((c) => [c.stored.entityId, c.differences])).toEqual([
      ['B-01', ['severity: 2 instead of 3']],
      ['B-03', ['title: "Boat B-01 battery at 15%" instead of "other"', 'clearedAt: cleared instead of still active']],
    ]);
  });

  it('uses each stored alert once, nearest raise first', () => {
    const diff = diffAlerts([alert({ raisedAt: '2026-12-02T08:00:05.000Z' }), alert()], [stored()]);
    expect(diff.unchanged).toBe(1);
    expect(diff.added.map((a) => a.raisedAt)).toEqual(['2026-12-02T08:00:05.000Z']);
  });

  it('pairs the alerts both sides had open when the window began, however far apart their raises', () => {
    const hoursBefore = '2026-12-02T05:00:00.000Z';
    const diff = diffAlerts([alert({ openAtStart: true })], [stored({ raisedAt: hoursBefore, openAtStart: true }), stored({ entityId: 'B-02', raisedAt: hoursBefore, openAtStart: true })]);
    expect(diff.unchanged).toBe(1);
    expect(diff.removed.map((a) => a.entityId)).toEqual(['B-02']);
    // Open at the start on one side only: raise times apart by hours, not the same alert.
    const one = diffAlerts([alert({ openAtStart: true })], [stored({ raisedAt: hoursBefore })]);
    expect([one.added.length, one.removed.length, one.unchanged]).toEqual([1, 1, 0]);
  });
});
