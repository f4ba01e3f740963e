import { create } from '@bufbuild/protobuf';
import { AlertBatchSchema, AlertChangeKind, AlertSeverity, AlertState } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { AlertBook, RESOLVED_KEEP_MS } from './alert-book';
import { T0, alertChange } from './alert-change.fixtures';

const batch = (snapshot: boolean, ...changes: ReturnType<typeof alertChange>[]) => create(AlertBatchSchema, { snapshot, changes });

describe('AlertBook', () => {
  it('keeps the newest change per alert, with numbers and names instead of bigints and enums', () => {
    const book = new AlertBook();
    book.apply(batch(true, alertChange({ alertId: 'a1' }), alertChange({ alertId: 'a2', severity: AlertSeverity.CRITICAL })), T0);
    const update = book.apply(batch(false, alertChange({ alertId: 'a1', change: AlertChangeKind.ACKNOWLEDGED, state: AlertState.ACKNOWLEDGED, actor: 'li.wei', changedAtMs: T0 + 5_000 })), T0 + 5_000);
    expect(book.size).toBe(2);
    expect(book.get('a1')).toMatchObject({ state: 'acknowledged', actor: 'li.wei', changedAtMs: T0 + 5_000, raisedAtMs: T0, severity: 'warning', assignee: null, incidentId: null });
    expect(update.touched.map((alert) => alert.id)).toEqual(['a1']);
    expect(update.raised).toEqual([]);
  });

  it('ignores a change older than the one held (a snapshot crossing a batch)', () => {
    const book = new AlertBook();
    book.apply(batch(false, alertChange({ state: AlertState.RESOLVED, changedAtMs: T0 + 9_000 })), T0 + 9_000);
    book.apply(batch(true, alertChange({ state: AlertState.OPEN, changedAtMs: T0 + 1_000 })), T0 + 9_000);
    expect(book.get('a1')?.state).toBe('resolved');
  });

  it('replaces the book with a snapshot: alerts missing from it leave', () => {
    const book = new AlertBook();
    book.apply(batch(true, alertChange({ alertId: 'gone' }), alertChange({ alertId: 'kept' })), T0);
    const update = book.apply(batch(true, alertChange({ alertId: 'kept' }), alertChange({ alertId: 'new' })), T0);
    expect(book.list().map((alert) => alert.id).sort()).toEqual(['kept', 'new']);
    expect(update.raised.map((alert) => alert.id)).toEqual(['new']);
  });

  it('says which alerts became critical: new ones and escalations, not those already critical or resolved', () => {
    const book = new AlertBook();
    book.apply(batch(true, alertChange({ alertId: 'w', severity: AlertSeverity.WARNING }), alertChange({ alertId: 'c', severity: AlertSeverity.CRITICAL })), T0);
    const update = book.apply(
      batch(
        false,
        alertChange({ alertId: 'w', change: AlertChangeKind.ESCALATED, severity: AlertSeverity.CRITICAL, changedAtMs: T0 + 1 }),
        alertChange({ alertId: 'c', change: AlertChangeKind.RE_RAISED, severity: AlertSeverity.CRITICAL, changedAtMs: T0 + 1 }),
        alertChange({ alertId: 'n', severity: AlertSeverity.CRITICAL, changedAtMs: T0 + 1 }),
        alertChange({ alertId: 'r', severity: AlertSeverity.CRITICAL, state: AlertState.RESOLVED, changedAtMs: T0 + 1 }),
      ),
      T0 + 1,
    );
    expect(update.becameCritical.map((alert) => alert.id)).toEqual(['w', 'n']);
  });

  it('lets resolved alerts leave after the keep time, and stays within its bound (resolved first)', () => {
    const book = new AlertBook(RESOLVED_KEEP_MS, 2);
    book.apply(batch(true, alertChange({ alertId: 'old', state: AlertState.RESOLVED, changedAtMs: T0 })), T0);
    book.prune(T0 + RESOLVED_KEEP_MS + 1);
    expect(book.size).toBe(0);
    book.apply(batch(false, alertChange({ alertId: 'r', state: AlertState.RESOLVED, changedAtMs: T0 + 5 }), alertChange({ alertId: 'o1', changedAtMs: T0 + 1 }), alertChange({ alertId: 'o2', changedAtMs: T0 + 2 })), T0 + 10);
    expect(book.list().map((alert) => alert.id).sort()).toEqual(['o1', 'o2']);
  });
});
