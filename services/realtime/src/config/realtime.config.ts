import { hostname } from 'node:os';
import { z } from 'zod';
import { httpEnv, kafkaEnv, logEnv } from '@urban-brain/common';
import { TOPIC_TRUCK_READINGS } from '@urban-brain/proto';

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

export const realtimeConfigSchema = z
  .object({
    ...logEnv,
    ...httpEnv(3001),
    ...kafkaEnv,
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    REALTIME_TOPIC: z.string().min(1).default(TOPIC_TRUCK_READINGS),
    // Every instance reads the whole stream, so each needs a group of its own.
    REALTIME_GROUP_ID: optionalText,
    // 100 ms: the wait for the next frame is the largest share of event-to-screen latency
    // (DESIGN.md: p99 <= 250 ms); ten small frames a second cost little per client.
    REALTIME_TICK_MS: z.coerce.number().int().min(20).max(10_000).default(100),
    REALTIME_STALE_AFTER_S: z.coerce.number().int().min(1).max(86_400).default(120),
    // Hard cap on tracked trucks: a misbehaving producer inventing ids must not exhaust memory.
    REALTIME_MAX_TRUCKS: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
    // Comma-separated origins allowed to open the socket cross-origin; unset = same-origin only (the web proxies).
    REALTIME_CORS_ORIGIN: optionalText.transform((value) =>
      value ? value.split(',').map((origin) => origin.trim()).filter(Boolean) : undefined,
    ),
  })
  .transform((env) => ({
    logLevel: env.LOG_LEVEL,
    http: { port: env.HTTP_PORT, host: env.HTTP_HOST, corsOrigins: env.REALTIME_CORS_ORIGIN },
    kafka: {
      brokers: env.KAFKA_BROKERS,
      topic: env.REALTIME_TOPIC,
      groupId: env.REALTIME_GROUP_ID ?? `ub-realtime-${hostname()}-${process.pid}`,
    },
    live: {
      tickMs: env.REALTIME_TICK_MS,
      staleAfterMs: env.REALTIME_STALE_AFTER_S * 1000,
      maxTrucks: env.REALTIME_MAX_TRUCKS,
    },
  }));

export type RealtimeConfig = z.infer<typeof realtimeConfigSchema>;

export const REALTIME_CONFIG = Symbol('REALTIME_CONFIG');
