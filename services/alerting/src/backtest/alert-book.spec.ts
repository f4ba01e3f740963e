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

  it('follows alerts raised before the window without reporting them, and counts those beyond the limit', () => {
    const book = new AlertBook(1);
    book.apply([signal('raise', 500), signal('raise', 1500, 'B-02'), signal('raise', 1600, 'B-03')], 1000);
    book.apply([signal('clear', 2000), signal('resolve', 3000), signal('raise', 4000)], 1000);
    const { alerts, dropped } = book.alerts();
    expect(alerts.map((a) => a.entityId)).toEqual(['B-02']);
    expect(dropped).toBe(2);
  });
});
