import { create, ScalarType, type DescField } from '@bufbuild/protobuf';
import type { FleetStreamDescriptor } from '@urban-brain/common';
import type { FleetRow } from './fleet-rows.repository';

const LONG = new Set([ScalarType.INT64, ScalarType.UINT64, ScalarType.FIXED64, ScalarType.SFIXED64, ScalarType.SINT64]);

interface ColumnOfField {
  field: DescField;
  column: string;
  /** The column is a timestamptz holding the message's `*_ms` epoch milliseconds. */
  fromTime: boolean;
}

/**
 * How a stream's stored rows turn back into its messages, read off the protobuf schema and the table's
 * columns (no list per fleet): a field is the column of its proto name (`battery_pct`), a `*_ms` time
 * the timestamptz column without the suffix (`recorded_at_ms` <- `recorded_at`). Fields with no column
 * (lists, nested messages stored in tables of their own) are named in `notStored`: rules on them see
 * the field's default over the database path.
 */
export class FleetRowMessages {
  readonly notStored: string[];
  private readonly mapped: ColumnOfField[];

  constructor(
    private readonly stream: FleetStreamDescriptor,
    columns: readonly string[],
  ) {
    const present = new Set(columns);
    this.mapped = [];
    this.notStored = [];
    for (const field of stream.schema.fields) {
      const scalar = field.fieldKind === 'scalar' || field.fieldKind === 'enum';
      if (scalar && present.has(field.name)) this.mapped.push({ field, column: field.name, fromTime: false });
      else if (scalar && field.name.endsWith('_ms') && present.has(field.name.slice(0, -3))) this.mapped.push({ field, column: field.name.slice(0, -3), fromTime: true });
      else this.notStored.push(field.localName);
    }
  }

  messageOf(row: FleetRow): Record<string, unknown> {
    const init: Record<string, unknown> = {};
    for (const { field, column, fromTime } of this.mapped) {
      const value = row[column];
      if (value === null || value === undefined) continue;
      const long = field.fieldKind === 'scalar' && LONG.has(field.scalar);
      if (fromTime) {
        const ms = (value as Date).getTime();
        init[field.localName] = long ? BigInt(ms) : ms;
      } else if (long) init[field.localName] = BigInt(value as string | number);
      else if (field.fieldKind === 'enum' || (field.fieldKind === 'scalar' && field.scalar !== ScalarType.STRING && field.scalar !== ScalarType.BOOL && field.scalar !== ScalarType.BYTES)) init[field.localName] = Number(value);
      else init[field.localName] = value;
    }
    return create(this.stream.schema, init) as unknown as Record<string, unknown>;
  }
}
