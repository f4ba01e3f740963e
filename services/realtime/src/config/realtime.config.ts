import { hostname } from 'node:os';
import { z } from 'zod';
import { httpEnv, kafkaEnv, liveTokenSecretEnv, logEnv } from '@urban-brain/common';
import { TOPIC_BIKE_EVENTS, TOPIC_BOAT_READINGS, TOPIC_CORRIDOR_OBSERVATIONS, TOPIC_SIGNAL_PHASES, TOPIC_TRUCK_READINGS } from '@urban-brain/proto';

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
    // Shared with the api, which signs the tokens this gateway checks at the socket handshake.
    ...liveTokenSecretEnv,
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    // REALTIME_TOPIC is the truck topic (its name predates the other fleets).
    REALTIME_TOPIC: z.string().min(1).default(TOPIC_TRUCK_READINGS),
    REALTIME_BIKE_TOPIC: z.string().min(1).default(TOPIC_BIKE_EVENTS),
    REALTIME_BOAT_TOPIC: z.string().min(1).default(TOPIC_BOAT_READINGS),
    REALTIME_SIGNAL_TOPIC: z.string().min(1).default(TOPIC_SIGNAL_PHASES),
    REALTIME_CORRIDOR_TOPIC: z.string().min(1).default(TOPIC_CORRIDOR_OBSERVATIONS),
    // Every instance reads the whole stream, so each needs a group of its own.
    REALTIME_GROUP_ID: optionalText,
    // 100 ms: the wait for the next frame is the largest share of event-to-screen latency
    // (DESIGN.md: p99 <= 250 ms); ten small frames a second cost little per client.
    REALTIME_TICK_MS: z.coerce.number().int().min(20).max(10_000).default(100),
    // Trucks and boats report at 1 Hz: two minutes of silence means gone.
    REALTIME_STALE_AFTER_S: z.coerce.number().int().min(1).max(86_400).default(120),
    // Bikes report on change only: a parked bike may be silent all night and is still there.
    REALTIME_BIKE_STALE_AFTER_S: z.coerce.number().int().min(1).max(7 * 86_400).default(86_400),
    // Corridors hear an observation per signal cycle (~2 min) and phase changes in between.
    REALTIME_CORRIDOR_STALE_AFTER_S: z.coerce.number().int().min(1).max(86_400).default(600),
    // Hard caps per layer: a misbehaving producer inventing ids must not exhaust memory.
    REALTIME_MAX_TRUCKS: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
    REALTIME_MAX_BIKES: z.coerce.number().int().min(1).max(1_000_000).default(200_000),
    REALTIME_MAX_BOATS: z.coerce.number().int().min(1).max(100_000).default(10_000),
    REALTIME_MAX_CORRIDORS: z.coerce.number().int().min(1).max(100_000).default(10_000),
    // Below this map zoom a client's bikes come as grid cells computed here, not as 11,000 points.
    REALTIME_BIKE_POINTS_MIN_ZOOM: z.coerce.number().min(0).max(24).default(14),
    // Cells are web-mercator tiles this many zoom levels finer than the client's zoom: at 3 a cell
    // is 1/8 of a 512-px map tile, 64 px on screen, whatever the zoom.
    REALTIME_BIKE_CELL_ZOOM_OFFSET: z.coerce.number().int().min(0).max(8).default(3),
    // Comma-separated origins allowed to open the socket cross-origin; unset = same-origin only (the web proxies).
    REALTIME_CORS_ORIGIN: optionalText.transform((value) =>
      value ? value.split(',').map((origin) => origin.trim()).filter(Boolean) : undefined,
    ),
  })
  .transform((env) => ({
    logLevel: env.LOG_LEVEL,
    liveTokenSecret: env.LIVE_TOKEN_SECRET,
    http: { port: env.HTTP_PORT, host: env.HTTP_HOST, corsOrigins: env.REALTIME_CORS_ORIGIN },
    kafka: {
      brokers: env.KAFKA_BROKERS,
      topics: {
        trucks: env.REALTIME_TOPIC,
        bikes: env.REALTIME_BIKE_TOPIC,
        boats: env.REALTIME_BOAT_TOPIC,
        signalPhases: env.REALTIME_SIGNAL_TOPIC,
        corridors: env.REALTIME_CORRIDOR_TOPIC,
      },
      groupId: env.REALTIME_GROUP_ID ?? `ub-realtime-${hostname()}-${process.pid}`,
    },
    live: {
      tickMs: env.REALTIME_TICK_MS,
      view: { bikePointsMinZoom: env.REALTIME_BIKE_POINTS_MIN_ZOOM, bikeCellZoomOffset: env.REALTIME_BIKE_CELL_ZOOM_OFFSET },
      layers: {
        trucks: { staleAfterMs: env.REALTIME_STALE_AFTER_S * 1000, maxEntries: env.REALTIME_MAX_TRUCKS },
        bikes: { staleAfterMs: env.REALTIME_BIKE_STALE_AFTER_S * 1000, maxEntries: env.REALTIME_MAX_BIKES },
        boats: { staleAfterMs: env.REALTIME_STALE_AFTER_S * 1000, maxEntries: env.REALTIME_MAX_BOATS },
        corridors: { staleAfterMs: env.REALTIME_CORRIDOR_STALE_AFTER_S * 1000, maxEntries: env.REALTIME_MAX_CORRIDORS },
      },
    },
  }));

export type RealtimeConfig = z.infer<typeof realtimeConfigSchema>;

export const REALTIME_CONFIG = Symbol('REALTIME_CONFIG');
