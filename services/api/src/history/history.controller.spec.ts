import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { HISTORY_LIMIT_DEFAULT, HISTORY_LIMIT_MAX, TRACKS_EVERY_MAX_SECONDS, tracksQuerySchema } from './history-query.schemas';
import { HistoryController } from './history.controller';
import { HistoryService } from './history.service';

interface DocumentedParameter {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: { type: string; format?: string; enum?: string[]; minimum?: number; maximum?: number; default?: unknown };
}

// The controller alone, as SwaggerModule documents it for the served /api/docs-json; no database.
async function documentedParameters(path: string): Promise<DocumentedParameter[]> {
  @Module({ controllers: [HistoryController], providers: [{ provide: HistoryService, useValue: {} }] })
  class DocumentedHistoryModule {}
  const app = await NestFactory.create(DocumentedHistoryModule, { logger: false });
  try {
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    return (document.paths[path]?.get?.parameters ?? []) as DocumentedParameter[];
  } finally {
    await app.close();
  }
}

const accepts = (schema: z.ZodTypeAny, text: string | undefined) => schema.safeParse(text).success;

describe('GET /history/tracks in the OpenAPI document', () => {
  const fields = tracksQuerySchema.shape as Record<string, z.ZodTypeAny>;
  let parameters: DocumentedParameter[];
  const parameter = (name: string) => parameters.find((p) => p.name === name);

  beforeAll(async () => {
    parameters = await documentedParameters('/history/tracks');
  });

  it('lists each parameter of the zod schema once, in its order, all in the query', () => {
    expect(parameters.map((p) => p.name)).toEqual(Object.keys(fields));
    expect(parameters.map((p) => p.name)).toEqual(['fleet', 'ids', 'from', 'to', 'every', 'limit', 'cursor', 'shape']);
    expect(parameters.every((p) => p.in === 'query')).toBe(true);
  });

  it('marks required exactly the parameters whose absence the schema refuses, with the schema descriptions', () => {
    for (const p of parameters) {
      const field = fields[p.name];
      if (!field) throw new Error(`${p.name} is not in the schema`);
      expect(p.required, p.name).toBe(!accepts(field, undefined));
      expect(p.description, p.name).toBe(field.description);
    }
    expect(parameters.filter((p) => p.required).map((p) => p.name)).toEqual(['fleet', 'ids', 'from', 'to']);
  });

  it('gives the bounds and defaults the schema enforces', () => {
    expect(parameter('limit')?.schema).toEqual({ type: 'integer', minimum: 1, maximum: HISTORY_LIMIT_MAX, default: HISTORY_LIMIT_DEFAULT });
    expect(parameter('every')?.schema).toEqual({ type: 'integer', minimum: 1, maximum: TRACKS_EVERY_MAX_SECONDS });
    for (const p of parameters.filter((q) => q.schema.type === 'integer')) {
      const field = fields[p.name] as z.ZodTypeAny;
      const { minimum, maximum } = p.schema as { minimum: number; maximum: number };
      expect([minimum, maximum].map((n) => accepts(field, String(n))), p.name).toEqual([true, true]);
      expect([minimum - 1, maximum + 1, 1.5].map((n) => accepts(field, String(n))), p.name).toEqual([false, false, false]);
    }
    for (const p of parameters.filter((q) => q.schema.default !== undefined)) {
      expect(fields[p.name]?.parse(undefined), p.name).toBe(p.schema.default);
    }
  });

  it('lists the values an enum parameter takes, and the schema takes only those', () => {
    expect(parameter('fleet')?.schema).toEqual({ type: 'string', enum: ['trucks', 'bikes', 'boats', 'ambulances'] });
    expect(parameter('shape')?.schema).toEqual({ type: 'string', enum: ['grouped', 'flat'], default: 'grouped' });
    for (const p of parameters.filter((q) => q.schema.enum)) {
      const field = fields[p.name] as z.ZodTypeAny;
      expect(p.schema.enum?.every((value) => accepts(field, value)), p.name).toBe(true);
      expect(accepts(field, 'corridors'), p.name).toBe(false);
    }
  });

  it('documents the times as date-time, which the schema parses and a bare date is not', () => {
    for (const name of ['from', 'to']) {
      expect(parameter(name)?.schema).toEqual({ type: 'string', format: 'date-time' });
      expect(accepts(fields[name] as z.ZodTypeAny, '2025-05-01T08:00:00+08:00')).toBe(true);
      expect(accepts(fields[name] as z.ZodTypeAny, '2025-05-01')).toBe(false);
    }
  });
});
