import { z } from 'zod';

/** The part of an OpenAPI 3.0 schema that a query parameter's zod schema can say. */
export interface QueryParameterSchema {
  type: 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  pattern?: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
}

export interface QueryParameter {
  name: string;
  required: boolean;
  description?: string;
  schema: QueryParameterSchema;
}

const Kind = z.ZodFirstPartyTypeKind;

/**
 * The OpenAPI query parameters of an endpoint's zod query schema, one per key, so the document says
 * what validation does instead of a copy of it. Query values arrive as text, so a pipeline is documented
 * by what the text must parse as (its output side: an integer in a range, a time with a zone), a refine
 * or transform by the schema it wraps, and a default by what the schema gives for an absent parameter.
 * A zod type without a mapping here throws, naming the parameter, when the controller is loaded.
 */
export function queryParametersOf(schema: z.AnyZodObject): QueryParameter[] {
  return Object.entries(schema.shape as Record<string, z.ZodTypeAny>).map(([name, field]) => {
    // Optional is behaviour, not a flag: a parameter is required when the schema refuses its absence.
    const parameter: QueryParameter = { name, required: !field.isOptional(), schema: schemaOf(name, field) };
    const description = descriptionOf(field);
    if (description !== undefined) parameter.description = description;
    return parameter;
  });
}

function schemaOf(name: string, field: z.ZodTypeAny): QueryParameterSchema {
  const def = field._def as { typeName: z.ZodFirstPartyTypeKind } & Record<string, unknown>;
  switch (def.typeName) {
    case Kind.ZodOptional:
    case Kind.ZodNullable:
      return schemaOf(name, def.innerType as z.ZodTypeAny);
    case Kind.ZodDefault: {
      const absent = field.safeParse(undefined);
      const inner = schemaOf(name, def.innerType as z.ZodTypeAny);
      return absent.success ? { ...inner, default: absent.data } : inner;
    }
    case Kind.ZodEffects:
      return schemaOf(name, def.schema as z.ZodTypeAny);
    case Kind.ZodPipeline:
      return schemaOf(name, def.out as z.ZodTypeAny);
    case Kind.ZodString:
      return stringSchema(def.checks as z.ZodStringCheck[]);
    case Kind.ZodNumber:
      return numberSchema(def.checks as z.ZodNumberCheck[]);
    case Kind.ZodEnum:
      return { type: 'string', enum: [...(def.values as string[])] };
    case Kind.ZodBoolean:
      return { type: 'boolean' };
    default:
      throw new Error(`query parameter "${name}": no OpenAPI form for ${def.typeName}`);
  }
}

function stringSchema(checks: z.ZodStringCheck[]): QueryParameterSchema {
  const schema: QueryParameterSchema = { type: 'string' };
  for (const check of checks) {
    if (check.kind === 'datetime') schema.format = 'date-time';
    else if (check.kind === 'regex') schema.pattern = check.regex.source;
    else if (check.kind === 'min') schema.minLength = check.value;
    else if (check.kind === 'max') schema.maxLength = check.value;
    else if (check.kind === 'length') [schema.minLength, schema.maxLength] = [check.value, check.value];
  }
  return schema;
}

function numberSchema(checks: z.ZodNumberCheck[]): QueryParameterSchema {
  const schema: QueryParameterSchema = { type: checks.some((check) => check.kind === 'int') ? 'integer' : 'number' };
  for (const check of checks) {
    if (check.kind === 'min') {
      schema.minimum = check.value;
      if (!check.inclusive) schema.exclusiveMinimum = true;
    } else if (check.kind === 'max') {
      schema.maximum = check.value;
      if (!check.inclusive) schema.exclusiveMaximum = true;
    }
  }
  return schema;
}

// `.describe()` may sit on any layer (zod copies it outward through optional and default): the outermost wins.
function descriptionOf(field: z.ZodTypeAny): string | undefined {
  if (field.description !== undefined) return field.description;
  const def = field._def as Record<string, unknown>;
  const inner = def.innerType ?? def.schema ?? def.out;
  return inner instanceof z.ZodType ? descriptionOf(inner) : undefined;
}
