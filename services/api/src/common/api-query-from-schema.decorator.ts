import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { z } from 'zod';
import { queryParametersOf } from './query-parameters.openapi';

/** Documents every query parameter of `schema`, the zod object the endpoint's query is parsed with. */
export function ApiQueryFromSchema(schema: z.AnyZodObject): MethodDecorator {
  return applyDecorators(...queryParametersOf(schema).map((parameter) => ApiQuery(parameter)));
}
