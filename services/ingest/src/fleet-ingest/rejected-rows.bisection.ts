import { classifyWriteError, type ClassifiedWriteError } from '../database/write-error.mapper';

/** A row the database refused for good, with its verdict. */
export interface RejectedRow<Row> {
  row: Row;
  error: ClassifiedWriteError;
}

export interface BisectionOutcome<Row> {
  /** Rows new to the database, over every write that succeeded. */
  stored: number;
  /** In the order of the input. */
  rejected: RejectedRow<Row>[];
  /** Writes tried during the bisection (the failed first write not counted). */
  writes: number;
  /** Deepest level reached; at most maxDepth. */
  depth: number;
  /** ceil(log2(rows)): where every part is one row. */
  maxDepth: number;
}

/**
 * Finds the rows the database refuses in a write that failed with `firstError` (rows-rejected),
 * and stores all the others: each half is written in its own transaction, a half that fails the
 * same way is halved again, down to single rows, so a batch of n rows holding one bad row costs
 * about 2*log2(n) writes and never more than ceil(log2(n)) levels. The writes are idempotent on the
 * table's key (ON CONFLICT DO NOTHING), so a half stored before a crash or a later transient
 * failure is skipped when the batch comes again: nothing is stored twice.
 * A transient failure on the way stops the bisection: the caller's retry takes the whole batch.
 */
export async function bisectRejectedRows<Row>(
  rows: readonly Row[],
  store: (rows: readonly Row[]) => Promise<number>,
  firstError: ClassifiedWriteError,
): Promise<BisectionOutcome<Row>> {
  const maxDepth = Math.ceil(Math.log2(Math.max(1, rows.length)));
  const outcome: BisectionOutcome<Row> = { stored: 0, rejected: [], writes: 0, depth: 0, maxDepth };

  const isolate = async (part: readonly Row[], error: ClassifiedWriteError, depth: number): Promise<void> => {
    outcome.depth = Math.max(outcome.depth, depth);
    if (part.length === 1) {
      outcome.rejected.push({ row: part[0]!, error });
      return;
    }
    // Halving a part of n rows gives parts of at most ceil(n/2), so depth never passes maxDepth.
    const middle = Math.ceil(part.length / 2);
    for (const half of [part.slice(0, middle), part.slice(middle)]) {
      outcome.writes++;
      try {
        outcome.stored += await store(half);
      } catch (halfError) {
        const classified = classifyWriteError(halfError);
        if (classified.kind !== 'rows-rejected') throw halfError;
        await isolate(half, classified, depth + 1);
      }
    }
  };

  await isolate(rows, firstError, 0);
  return outcome;
}
