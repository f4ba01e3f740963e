/** A value as one COPY text field: null is SQL NULL, booleans are t/f. */
export type CopyValue = string | number | bigint | boolean | null;

/**
 * A table written by StagedCopyWriter: its columns in COPY order, the key that
 * ON CONFLICT and the in-batch dedupe use, and how a row becomes fields.
 */
export interface StagedTable<Row> {
  /** The table the migrations create; its staging twin is `<name>_staging`. */
  readonly name: string;
  readonly columns: readonly string[];
  /** The table's primary key, in its order. */
  readonly key: readonly string[];
  // Method syntax on purpose: a StagedTable<TruckReading> then fits where a StagedTable<unknown> is expected.
  fieldsOf(row: Row): readonly CopyValue[];
}

// COPY text format: backslash, tab, newline and carriage return must be escaped.
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : value;
}

function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'string') return copyText(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value);
}

/** One row as a line of COPY text, fields in the table's column order. */
export function copyLineOf<Row>(table: StagedTable<Row>, row: Row): string {
  return `${table.fieldsOf(row).map(copyField).join('\t')}\n`;
}

/** Epoch ms (int64 from the contracts) as an exact timestamptz literal. */
export function timestampOf(epochMs: bigint): string {
  return new Date(Number(epochMs)).toISOString();
}
