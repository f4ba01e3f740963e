import { describe, expect, it } from 'vitest';
import type { AlertSignal } from '../engine/alert-signal';
import { AlertBook } from './alert-book';

const signal = (kind: AlertSignal['kind'], atMs: number, entityId = 'B-01'): AlertSignal => ({
  kind,
  dedupKey: `boat.low-battery:${entityId}`,
  rule: 'boat.low-battery',
  ruleVersion: 0,
  fleet: 'boats',
  entityId,
  severity: 2,
  title: { en: `Boat ${entityId} low`, zh: `清漂船${entityId}电量低` },
  detail: {},
  atMs,
});
const iso = (ms: number) => new Date(ms).toISOString();

describe('AlertBook', () => {
  it('keeps what the alerts table would: one alert per key until resolved, a raise after a clear re-raises it', () => {
    const book = new AlertBook(10);
    book.apply([signal('raise', 1000), signal('raise', 2000), signal('clear', 3000), signal('raise', 4000), signal('clear', 5000), signal('resolve', 7000), signal('raise', 9000)], 0);
    expect(book.alerts().alerts.map((a) => [a.raisedAt, a.clearedAt, a.resolvedAt])).toEqual([
      [iso(1000), iso(5000), iso(7000)],
      [iso(9000), null, null],
    ]);
  });

  it('reports an alert raised before the window and unresolved at its start as open at the start, not one resolved before it', () => {
    const book = new AlertBook(10);
    book.apply([signal('raise', 500), signal('raise', 600, 'B-02'), signal('clear', 700, 'B-02'), signal('resolve', 900, 'B-02'), signal('raise', 1500, 'B-03')], 1000);
    book.apply([signal('clear', 2000), signal('resolve', 3000), signal('raise', 4000)], 1000);
    expect(book.alerts().alerts.map((a) => [a.entityId, a.raisedAt, a.resolvedAt, a.openAtStart])).toEqual([
      ['B-01', iso(500), iso(3000), true],
      ['B-03', iso(1500), null, false],
      ['B-01', iso(4000), null, false],
    ]);
  });

  it('keeps at most the limit, those open at the start first, and counts the rest', () => {
    const book = new AlertBook(2);
    book.apply([signal('raise', 500), signal('raise', 1500, 'B-02'), signal('raise', 1600, 'B-03'), signal('raise', 1700, 'B-04')], 1000);
    const { alerts, dropped } = book.alerts();
    expect(alerts.map((a) => a.entityId)).toEqual(['B-01', 'B-02']);
    expect(dropped).toBe(2);
  });
});
