import { describe, expect, it } from 'vitest';
import { classifyWriteError } from '../database/write-error.mapper';
import { bisectRejectedRows } from './rejected-rows.bisection';

const serverError = (code: string, message: string) => Object.assign(new Error(message), { code });
const NUL_REFUSED = serverError('22021', 'invalid byte sequence for encoding "UTF8": 0x00');

/**
 * A table keyed by the row number that refuses some rows, writes each part in one transaction
 * (all or nothing) and skips rows it already holds, like StagedCopyWriter.
 */
class FakeTable {
  readonly held = new Set<number>();
  readonly writes: number[][] = [];
  constructor(
    private readonly refused: ReadonlySet<number>,
    private readonly failing: (rows: readonly number[]) => Error | null = () => null,
  ) {}

  readonly store = async (rows: readonly number[]): Promise<number> => {
    this.writes.push([...rows]);
    const failure = this.failing(rows);
    if (failure) throw failure;
    if (rows.some((row) => this.refused.has(row))) throw NUL_REFUSED;
    const fresh = rows.filter((row) => !this.held.has(row));
    for (const row of fresh) this.held.add(row);
    return fresh.length;
  };
}

const rowsUpTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

async function bisect(table: FakeTable, rows: readonly number[]) {
  await expect(table.store(rows)).rejects.toThrow();
  return bisectRejectedRows(rows, table.store, classifyWriteError(NUL_REFUSED));
}

describe('bisectRejectedRows', () => {
  it('finds one bad row among 1000 in at most 2*log2 writes and stores every other row once', async () => {
    const table = new FakeTable(new Set([613]));
    const rows = rowsUpTo(1000);
    const outcome = await bisect(table, rows);
    expect(outcome.rejected).toEqual([{ row: 613, error: { kind: 'rows-rejected', sqlState: '22021', detail: 'SQLSTATE 22021: invalid byte sequence for encoding "UTF8": 0x00' } }]);
    expect(outcome.stored).toBe(999);
    expect([...table.held].sort((a, b) => a - b)).toEqual(rows.filter((row) => row !== 613));
    expect(outcome.maxDepth).toBe(10);
    expect(outcome.depth).toBe(10);
    expect(outcome.writes).toBeLessThanOrEqual(2 * outcome.maxDepth);
  });

  it('finds several bad rows, in input order, and never goes deeper than ceil(log2(n))', async () => {
    const table = new FakeTable(new Set([1, 2, 77, 100]));
    const outcome = await bisect(table, rowsUpTo(100));
    expect(outcome.rejected.map((r) => r.row)).toEqual([1, 2, 77, 100]);
    expect(outcome.stored).toBe(96);
    expect(outcome.maxDepth).toBe(7);
    expect(outcome.depth).toBeLessThanOrEqual(7);
  });

  it('rejects a single-row batch without writing it again', async () => {
    const table = new FakeTable(new Set([1]));
    const outcome = await bisect(table, [1]);
    expect(outcome).toMatchObject({ stored: 0, writes: 0, depth: 0, maxDepth: 0, rejected: [{ row: 1 }] });
    expect(table.writes).toHaveLength(1);
  });

  it('rejects every row when every row is bad', async () => {
    const table = new FakeTable(new Set(rowsUpTo(5)));
    const outcome = await bisect(table, rowsUpTo(5));
    expect(outcome.rejected.map((r) => r.row)).toEqual([1, 2, 3, 4, 5]);
    expect(outcome.stored).toBe(0);
    expect(outcome.depth).toBeLessThanOrEqual(3);
  });

  it('gives up on a transient failure, and a second pass stores nothing twice', async () => {
    let lockTimeouts = 1;
    const table = new FakeTable(new Set([7]), (rows) => (rows.includes(7) && rows.length === 2 && lockTimeouts-- > 0 ? serverError('55P03', 'canceling statement due to lock timeout') : null));
    const rows = rowsUpTo(8);
    await expect(bisect(table, rows)).rejects.toThrow('lock timeout');
    const storedBefore = table.held.size;
    expect(storedBefore).toBeGreaterThan(0);

    // The batch comes again (the backpressure retry, or a redelivery after a crash).
    const again = await bisect(table, rows);
    expect(again.rejected.map((r) => r.row)).toEqual([7]);
    expect(table.held.size).toBe(7);
    expect(again.stored).toBe(7 - storedBefore);
  });
});
