import { create, fromBinary } from '@bufbuild/protobuf';
import { AlertBatchSchema, AlertChangeKind, AlertChangeSchema, AlertState } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { AlertBook } from './alert-book';

const T = 1_750_000_000_000;
const change = (alertId: string, state: AlertState, atMs: number) =>
  create(AlertChangeSchema, { alertId, state, change: AlertChangeKind.RAISED, changedAtMs: BigInt(atMs), titleEn: alertId });

describe('AlertBook', () => {
  it('keeps the newest change per alert, and drains each change once', () => {
    const book = new AlertBook(3_600_000);
    book.apply(change('a', AlertState.OPEN, T));
    book.apply(change('a', AlertState.ACKNOWLEDGED, T + 5));
    // A late record of an older change does not win.
    book.apply(change('a', AlertState.OPEN, T + 1));
    const drained = fromBinary(AlertBatchSchema, book.drainChanges()!);
    expect(drained.snapshot).toBe(false);
    expect(drained.changes.map((c) => c.state)).toEqual([AlertState.OPEN, AlertState.ACKNOWLEDGED]);
    expect(book.drainChanges()).toBeNull();
    expect(fromBinary(AlertBatchSchema, book.snapshot(T + 10)).changes.map((c) => c.state)).toEqual([AlertState.ACKNOWLEDGED]);
  });

  it('drops resolved alerts from the snapshot after the keep time, and holds at most the bound', () => {
    const book = new AlertBook(60_000, 2);
    book.apply(change('old', AlertState.RESOLVED, T));
    book.apply(change('open', AlertState.OPEN, T));
    expect(fromBinary(AlertBatchSchema, book.snapshot(T + 30_000)).changes).toHaveLength(2);
    expect(fromBinary(AlertBatchSchema, book.snapshot(T + 61_000)).changes.map((c) => c.alertId)).toEqual(['open']);
    book.apply(change('b', AlertState.OPEN, T + 62_000));
    book.apply(change('c', AlertState.OPEN, T + 63_000));
    expect(book.size).toBe(2);
  });
});
