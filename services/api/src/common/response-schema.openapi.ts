import { z } from 'zod';

/** An OpenAPI 3.0 schema object, as far as a JSON answer's zod schema can say it. */
export type ResponseSchemaObject = Record<string, unknown>;

const Kind = z.ZodFirstPartyTypeKind;

/**
 * The OpenAPI schema of a JSON answer from its zod contract in @urban-brain/proto, so the document says
 * what the api sends instead of a copy of it. A zod type without a mapping here throws when the
 * controller is loaded, naming where it sits.
 */
export function responseSchemaOf(schema: z.ZodTypeAny, path = '$'): ResponseSchemaObject {
  const def = schema._def as { typeName: z.ZodFirstPartyTypeKind; description?: string };
  const described = (object: ResponseSchemaObject) => (def.description ? { ...object, description: def.description } : object);
  switch (def.typeName) {
    case Kind.ZodObject: {
      const shape = (schema as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
      const entries = Object.entries(shape);
      return described({
        type: 'object',
        properties: Object.fromEntries(entries.map(([key, field]) => [key, responseSchemaOf(field, `${path}.${key}`)])),
        required: entries.filter(([, field]) => !field.isOptional()).map(([key]) => key),
      });
    }
    case Kind.ZodArray:
      return described({ type: 'array', items: responseSchemaOf((schema as z.ZodArray<z.ZodTypeAny>).element, `${path}[]`) });
    // OpenAPI 3.0 has no tuples: an array of the items' one type, of the tuple's length.
    case Kind.ZodTuple: {
      const items = (schema as z.ZodTuple).items as z.ZodTypeAny[];
      return described({ type: 'array', items: responseSchemaOf(items[0]!, `${path}[0]`), minItems: items.length, maxItems: items.length });
    }
    case Kind.ZodNullable:
      return described({ ...responseSchemaOf((schema as z.ZodNullable<z.ZodTypeAny>).unwrap(), path), nullable: true });
    case Kind.ZodOptional:
      return responseSchemaOf((schema as z.ZodOptional<z.ZodTypeAny>).unwrap(), path);
    case Kind.ZodString:
      return described({ type: 'string' });
    case Kind.ZodBoolean:
      return described({ type: 'boolean' });
    case Kind.ZodNumber:
      return described({ type: (schema as z.ZodNumber).isInt ? 'integer' : 'number' });
    case Kind.ZodEnum:
      return described({ type: 'string', enum: [...(schema as z.ZodEnum<[string, ...string[]]>).options] });
    default:
      throw new Error(`responseSchemaOf: no OpenAPI mapping for ${def.typeName} at ${path}`);
  }
}
