/**
 * What a failed write means for the rows in it:
 * - `rows-rejected`: the database refuses some row of the batch for good; writing the same rows
 *   again fails the same way, so retrying would stall the stream behind one bad row.
 * - `transient`: the database (or the way to it) is in trouble; the same write can succeed later.
 */
export type WriteErrorKind = 'rows-rejected' | 'transient';

export interface ClassifiedWriteError {
  kind: WriteErrorKind;
  /** The SQLSTATE the server sent, or null when the error did not come from the server. */
  sqlState: string | null;
  /** "SQLSTATE 22021: <the server's message>", or the error's message when there is no SQLSTATE. */
  detail: string;
}

// Classes that only a row's values can cause: 22 data exception (a NUL byte in text, a value out of
// a column's range, a numeric overflow, a bad text representation in COPY) and 23 integrity
// constraint violation (NOT NULL, CHECK, foreign key). Everything else waits and retries, on
// purpose also what is not the rows' fault but still permanent, such as 42804 datatype mismatch or
// 42703 undefined column: those fail every row alike (code and schema out of step), so bisecting
// them would dead-letter the whole stream; paused and visible in /health, they wait for a fix.
const ROW_REJECTING_CLASSES = new Set(['22', '23']);

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The one mapping from a failed database write to what ingest does about it. */
export function classifyWriteError(error: unknown): ClassifiedWriteError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  // Node's socket errors carry codes too (ECONNRESET); only a five-character SQLSTATE is the server's verdict.
  if (typeof code !== 'string' || !SQLSTATE.test(code)) return { kind: 'transient', sqlState: null, detail: message };
  const kind: WriteErrorKind = ROW_REJECTING_CLASSES.has(code.slice(0, 2)) ? 'rows-rejected' : 'transient';
  return { kind, sqlState: code, detail: `SQLSTATE ${code}: ${message}` };
}
