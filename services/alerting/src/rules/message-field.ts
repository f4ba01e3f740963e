import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';

export type MessageFieldType = 'number' | 'enum' | 'bool' | 'string';

/** A field of a stream's message, resolved once at parse time so the engine reads it without lookups by schema. */
export interface MessageField {
  /** As the .proto spells it (load_kg). */
  name: string;
  /** As protobuf-es spells it on the message (loadKg). */
  localName: string;
  type: MessageFieldType;
  /** Enum fields: value names (both IDLE and TASK_STATE_IDLE) to numbers. */
  enumValues: ReadonlyMap<string, number> | null;
  /** Enum fields: the short value names (IDLE), for messages. */
  enumNames: readonly string[];
  /** Numeric and enum fields as a number (int64 bigints converted); NaN when absent. */
  readNumber(message: Record<string, unknown>): number;
}

const NUMERIC_SCALARS = new Set<ScalarType>([
  ScalarType.DOUBLE,
  ScalarType.FLOAT,
  ScalarType.INT32,
  ScalarType.UINT32,
  ScalarType.SINT32,
  ScalarType.FIXED32,
  ScalarType.SFIXED32,
  ScalarType.INT64,
  ScalarType.UINT64,
  ScalarType.SINT64,
  ScalarType.FIXED64,
  ScalarType.SFIXED64,
]);

/** The field named `name` (proto or camelCase spelling) of the schema, or a problem naming the fields there are. */
export function resolveMessageField(schema: DescMessage, name: string): MessageField | string {
  const field = schema.fields.find((f) => f.name === name || f.localName === name);
  if (!field) return `unknown field "${name}" for ${schema.name}; fields: ${schema.fields.map((f) => f.localName).join(', ')}`;
  const type = fieldType(field);
  if (!type) return `field "${name}" of ${schema.name} is a ${field.fieldKind}, not a number, enum, bool or string`;
  const localName = field.localName;
  let enumValues: Map<string, number> | null = null;
  const enumNames: string[] = [];
  if (field.fieldKind === 'enum') {
    enumValues = new Map();
    for (const value of field.enum.values) enumNames.push(value.localName);
    for (const value of field.enum.values) {
      enumValues.set(value.name, value.number);
      enumValues.set(value.localName, value.number);
    }
  }
  const readNumber = (message: Record<string, unknown>): number => {
    const value = message[localName];
    return typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : typeof value === 'boolean' ? (value ? 1 : 0) : Number.NaN;
  };
  return { name: field.name, localName, type, enumValues, enumNames, readNumber };
}

function fieldType(field: DescField): MessageFieldType | null {
  if (field.fieldKind === 'enum') return 'enum';
  if (field.fieldKind !== 'scalar') return null;
  if (NUMERIC_SCALARS.has(field.scalar)) return 'number';
  if (field.scalar === ScalarType.BOOL) return 'bool';
  if (field.scalar === ScalarType.STRING) return 'string';
  return null;
}
