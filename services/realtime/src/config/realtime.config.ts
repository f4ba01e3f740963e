import { hostname } from 'node:os';
import { z } from 'zod';
import { httpEnv, kafkaEnv, liveTokenSecretEnv, logEnv, type FleetStreamDescriptor } from '@urban-brain/common';
import { LIVE_LAYERS, TOPIC_ALERTS, type LiveLayer } from '@urban-brain/proto';
import { LIVE_STREAMS } from '../fleets/live-fleet.registry';
import type { FleetLiveStateOptions } from '../live-state/fleet-live-state';

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

// Per-fleet seconds as "trucks:5,bikes:120"; a fleet left out keeps its default.
const secondsPerLayer = (defaults: Record<LiveLayer, number>) =>
  z
    .string()
    .trim()
    .optional()
    .transform((text, ctx) => {
      const seconds = { ...defaults };
      for (const item of (text ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
        const match = /^([a-z]+)\s*:\s*(\d+(?:\.\d+)?)$/.exec(item);
        const layer = match?.[1] as LiveLayer | undefined;
        if (!match || !layer || !LIVE_LAYERS.includes(layer) || Number(match[2]) <= 0) {
          ctx.addIssue({ code: 'custom', message: `expected <fleet>:<seconds> items with fleet one of ${LIVE_LAYERS.join(', ')}, got '${item}'` });
          return z.NEVER;
        }
        seconds[layer] = Number(match[2]);
      }
      return seconds;
    });

// How long each fleet may be silent before the wall calls its data delayed (amber) and down
// (red), from each fleet's natural rate. Trucks and boats report at 1 Hz, so ten seconds of
// silence is news (a loaded 2-core machine was seen sending them in bursts up to ~5 s apart).
// Signal phases change every few seconds at each of ~110 intersections (corridor observations
// come once a cycle). Bikes report only on trip ends, battery reports and repairs: at night
// minutes pass between events, so only long silence counts. A dead broker shows sooner than
// any of these: the consumer's stall (REALTIME_FEED_STALL_S) makes every fleet "delayed".
// Ambulances report at 1 Hz like trucks (their calls, minutes apart, count for the layer too).
export const FEED_DELAYED_DEFAULT_S: Record<LiveLayer, number> = { trucks: 10, bikes: 180, boats: 10, corridors: 15, ambulances: 10 };
export const FEED_DOWN_DEFAULT_S: Record<LiveLayer, number> = { trucks: 30, bikes: 900, boats: 30, corridors: 45, ambulances: 30 };

/** The variable holding a live stream's topic: REALTIME_<topicSetting>_TOPIC (REALTIME_TRUCK_TOPIC, REALTIME_SIGNAL_PHASE_TOPIC, ...). */
export function topicVariableOf(stream: Pick<FleetStreamDescriptor, 'topicSetting'>): string {
  return `REALTIME_${stream.topicSetting}_TOPIC`;
}

// What two topic settings were called before they were named per fleet, still read so that
// existing deployments keep working: REALTIME_TOPIC was the truck topic (its name predates the
// other fleets) and REALTIME_SIGNAL_TOPIC the signal phases'. Either name may be set, not both differently.
export const TOPIC_VARIABLE_ALIASES: Readonly<Record<string, string>> = {
  REALTIME_TRUCK_TOPIC: 'REALTIME_TOPIC',
  REALTIME_SIGNAL_PHASE_TOPIC: 'REALTIME_SIGNAL_TOPIC',
};

// Every live stream's topic variable and its old name, if it had another; resolved below.
const topicSettings = Object.fromEntries(
  LIVE_STREAMS.flatMap(({ descriptor }) => {
    const variable = topicVariableOf(descriptor);
    const alias = TOPIC_VARIABLE_ALIASES[variable];
    return [variable, ...(alias ? [alias] : [])].map((name) => [name, z.string().min(1).optional()]);
  }),
) as Record<string, z.ZodOptional<z.ZodString>>;

// The settings are built from the registry, so their names are not in the parsed type.
const settingOf = (env: object, variable: string | undefined): string | undefined =>
  variable === undefined ? undefined : (env as Record<string, string | undefined>)[variable];

/** A live stream's topic: its own variable, else its old name, else the stream's topic. */
const topicOf = (env: object, descriptor: FleetStreamDescriptor): string => {
  const variable = topicVariableOf(descriptor);
  return settingOf(env, variable) ?? settingOf(env, TOPIC_VARIABLE_ALIASES[variable]) ?? descriptor.topic;
};

export const realtimeConfigSchema = z
  .object({
    ...logEnv,
    ...httpEnv(3001),
    ...kafkaEnv,
    // Shared with the api, which signs the tokens this gateway checks at the socket handshake.
    ...liveTokenSecretEnv,
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    // Each live stream's topic, named per fleet, defaulting to the stream's own: REALTIME_TRUCK_TOPIC,
    // REALTIME_BIKE_TOPIC, REALTIME_BOAT_TOPIC, REALTIME_SIGNAL_PHASE_TOPIC, REALTIME_CORRIDOR_TOPIC,
    // REALTIME_AMBULANCE_TOPIC, REALTIME_EMERGENCY_CALL_TOPIC (and the old REALTIME_TOPIC and
    // REALTIME_SIGNAL_TOPIC, see TOPIC_VARIABLE_ALIASES).
    ...topicSettings,
    // Every instance reads the whole stream, so each needs a group of its own.
    REALTIME_GROUP_ID: optionalText,
    // The alerts every client may watch (the consoles' queue, the wall's ticker), read from the start of retention.
    REALTIME_ALERTS_TOPIC: z.string().min(1).default(TOPIC_ALERTS),
    // Resolved alerts stay in a new watcher's snapshot this long (the console's "just resolved").
    REALTIME_ALERTS_RESOLVED_KEEP_S: z.coerce.number().int().min(0).max(7 * 86_400).default(3_600),
    // 100 ms: the wait for the next frame is the largest share of event-to-screen latency
    // (DESIGN.md: p99 <= 250 ms); ten small frames a second cost little per client.
    REALTIME_TICK_MS: z.coerce.number().int().min(20).max(10_000).default(100),
    // Trucks and boats report at 1 Hz: two minutes of silence means gone.
    REALTIME_STALE_AFTER_S: z.coerce.number().int().min(1).max(86_400).default(120),
    // Bikes report on change only: a parked bike may be silent all night and is still there.
    REALTIME_BIKE_STALE_AFTER_S: z.coerce.number().int().min(1).max(7 * 86_400).default(86_400),
    // Corridors hear an observation per signal cycle (~2 min) and phase changes in between.
    REALTIME_CORRIDOR_STALE_AFTER_S: z.coerce.number().int().min(1).max(86_400).default(600),
    // Ambulances report at 1 Hz; a wall must not show a dispatcher an ambulance that has gone quiet for a minute.
    REALTIME_AMBULANCE_STALE_AFTER_S: z.coerce.number().int().min(1).max(86_400).default(60),
    // A call leaves the map when it is closed; one without a step for this long (a lost CLOSED) leaves too.
    REALTIME_CALL_STALE_AFTER_S: z.coerce.number().int().min(1).max(7 * 86_400).default(21_600),
    // Hard caps per layer: a misbehaving producer inventing ids must not exhaust memory.
    REALTIME_MAX_TRUCKS: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
    REALTIME_MAX_BIKES: z.coerce.number().int().min(1).max(1_000_000).default(200_000),
    REALTIME_MAX_BOATS: z.coerce.number().int().min(1).max(100_000).default(10_000),
    REALTIME_MAX_CORRIDORS: z.coerce.number().int().min(1).max(100_000).default(10_000),
    REALTIME_MAX_AMBULANCES: z.coerce.number().int().min(1).max(100_000).default(10_000),
    REALTIME_MAX_CALLS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
    // Below this map zoom a client's bikes come as grid cells computed here, not as 11,000 points.
    REALTIME_BIKE_POINTS_MIN_ZOOM: z.coerce.number().min(0).max(24).default(14),
    // Cells are web-mercator tiles this many zoom levels finer than the client's zoom: at 3 a cell
    // is 1/8 of a 512-px map tile, 64 px on screen, whatever the zoom.
    REALTIME_BIKE_CELL_ZOOM_OFFSET: z.coerce.number().int().min(0).max(8).default(3),
    REALTIME_FEED_DELAYED_S: secondsPerLayer(FEED_DELAYED_DEFAULT_S),
    REALTIME_FEED_DOWN_S: secondsPerLayer(FEED_DOWN_DEFAULT_S),
    // kafkajs fetches at least once a second (maxWaitTimeInMs) and heartbeats every 3 s:
    // five seconds without either means the consumer has lost its broker.
    REALTIME_FEED_STALL_S: z.coerce.number().min(1).max(3_600).default(5),
    // Comma-separated origins allowed to open the socket cross-origin; unset = same-origin only (the web proxies).
    REALTIME_CORS_ORIGIN: optionalText.transform((value) =>
      value ? value.split(',').map((origin) => origin.trim()).filter(Boolean) : undefined,
    ),
  })
  .superRefine((env, ctx) => {
    const streamOfTopic = new Map<string, string>();
    for (const { descriptor } of LIVE_STREAMS) {
      const variable = topicVariableOf(descriptor);
      const alias = TOPIC_VARIABLE_ALIASES[variable];
      const own = settingOf(env, variable);
      const old = settingOf(env, alias);
      if (own !== undefined && old !== undefined && own !== old) {
        ctx.addIssue({ code: 'custom', path: [variable], message: `says ${JSON.stringify(own)} but its old name ${alias} says ${JSON.stringify(old)}; set one` });
      }
      // Records are routed to their stream by topic: two streams cannot share one.
      const topic = topicOf(env, descriptor);
      const other = streamOfTopic.get(topic);
      if (other !== undefined) ctx.addIssue({ code: 'custom', path: [variable], message: `topic ${JSON.stringify(topic)} is already the topic of ${other}` });
      streamOfTopic.set(topic, descriptor.name);
    }
    for (const layer of LIVE_LAYERS) {
      if (env.REALTIME_FEED_DOWN_S[layer] < env.REALTIME_FEED_DELAYED_S[layer]) {
        ctx.addIssue({ code: 'custom', path: ['REALTIME_FEED_DOWN_S'], message: `${layer}: ${env.REALTIME_FEED_DOWN_S[layer]} s is shorter than its REALTIME_FEED_DELAYED_S (${env.REALTIME_FEED_DELAYED_S[layer]} s)` });
      }
    }
  })
  .transform((env) => ({
    logLevel: env.LOG_LEVEL,
    liveTokenSecret: env.LIVE_TOKEN_SECRET,
    http: { port: env.HTTP_PORT, host: env.HTTP_HOST, corsOrigins: env.REALTIME_CORS_ORIGIN },
    kafka: {
      brokers: env.KAFKA_BROKERS,
      // By stream name ("truck-readings").
      topics: Object.fromEntries(LIVE_STREAMS.map(({ descriptor }) => [descriptor.name, topicOf(env, descriptor)])) as Readonly<Record<string, string>>,
      groupId: env.REALTIME_GROUP_ID ?? `ub-realtime-${hostname()}-${process.pid}`,
      alertsTopic: env.REALTIME_ALERTS_TOPIC,
    },
    alerts: { resolvedKeepMs: env.REALTIME_ALERTS_RESOLVED_KEEP_S * 1000 },
    live: {
      tickMs: env.REALTIME_TICK_MS,
      view: { bikePointsMinZoom: env.REALTIME_BIKE_POINTS_MIN_ZOOM, bikeCellZoomOffset: env.REALTIME_BIKE_CELL_ZOOM_OFFSET },
      // Per live table: a layer's own table is named like the layer.
      tables: {
        trucks: { staleAfterMs: env.REALTIME_STALE_AFTER_S * 1000, maxEntries: env.REALTIME_MAX_TRUCKS },
        bikes: { staleAfterMs: env.REALTIME_BIKE_STALE_AFTER_S * 1000, maxEntries: env.REALTIME_MAX_BIKES },
        boats: { staleAfterMs: env.REALTIME_STALE_AFTER_S * 1000, maxEntries: env.REALTIME_MAX_BOATS },
        corridors: { staleAfterMs: env.REALTIME_CORRIDOR_STALE_AFTER_S * 1000, maxEntries: env.REALTIME_MAX_CORRIDORS },
        ambulances: { staleAfterMs: env.REALTIME_AMBULANCE_STALE_AFTER_S * 1000, maxEntries: env.REALTIME_MAX_AMBULANCES },
        calls: { staleAfterMs: env.REALTIME_CALL_STALE_AFTER_S * 1000, maxEntries: env.REALTIME_MAX_CALLS },
      } satisfies FleetLiveStateOptions,
    },
    feed: {
      stallAfterMs: env.REALTIME_FEED_STALL_S * 1000,
      layers: Object.fromEntries(
        LIVE_LAYERS.map((layer) => [layer, { delayedAfterMs: env.REALTIME_FEED_DELAYED_S[layer] * 1000, downAfterMs: env.REALTIME_FEED_DOWN_S[layer] * 1000 }]),
      ) as Record<LiveLayer, FeedLimits>,
    },
  }));

/** One fleet's silence limits, ms. */
export interface FeedLimits {
  delayedAfterMs: number;
  downAfterMs: number;
}

export type RealtimeConfig = z.infer<typeof realtimeConfigSchema>;

export const REALTIME_CONFIG = Symbol('REALTIME_CONFIG');
