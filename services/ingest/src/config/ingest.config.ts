import { databaseEnv, httpEnv, kafkaEnv, logEnv } from '@urban-brain/common';
import {
  TOPIC_BIKE_EVENTS,
  TOPIC_BOAT_READINGS,
  TOPIC_CORRIDOR_OBSERVATIONS,
  TOPIC_DEAD_LETTER,
  TOPIC_SIGNAL_PHASES,
  TOPIC_TRUCK_READINGS,
} from '@urban-brain/proto';
import { z } from 'zod';

/** The streams ingest knows, one per Kafka topic; the names are the feature folders'. */
export const STREAM_NAMES = ['truck-readings', 'bike-events', 'boat-readings', 'signal-phases', 'corridor-observations'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

/** The config variable holding each stream's topic. */
export const TOPIC_VARIABLE_OF = {
  'truck-readings': 'INGEST_TRUCK_TOPIC',
  'bike-events': 'INGEST_BIKE_TOPIC',
  'boat-readings': 'INGEST_BOAT_TOPIC',
  'signal-phases': 'INGEST_SIGNAL_PHASE_TOPIC',
  'corridor-observations': 'INGEST_CORRIDOR_TOPIC',
} as const satisfies Record<StreamName, string>;

const streamList = z
  .string()
  .transform((value) => [...new Set(value.split(',').map((name) => name.trim()).filter((name) => name !== ''))])
  .pipe(
    z
      .array(z.enum(STREAM_NAMES, { errorMap: () => ({ message: `each name must be one of ${STREAM_NAMES.join(', ')}` }) }))
      .min(1, 'must name at least one stream'),
  );

// Keys are environment variable names, so a refusal names the variable to fix.
export const ingestConfigSchema = z
  .object({
    ...kafkaEnv,
    ...databaseEnv,
    ...httpEnv(3002),
    ...logEnv,
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    // Which streams this process consumes (comma-separated); all of them by default.
    INGEST_STREAMS: streamList.default(STREAM_NAMES.join(',')),
    INGEST_TRUCK_TOPIC: z.string().min(1).default(TOPIC_TRUCK_READINGS),
    INGEST_BIKE_TOPIC: z.string().min(1).default(TOPIC_BIKE_EVENTS),
    INGEST_BOAT_TOPIC: z.string().min(1).default(TOPIC_BOAT_READINGS),
    INGEST_SIGNAL_PHASE_TOPIC: z.string().min(1).default(TOPIC_SIGNAL_PHASES),
    INGEST_CORRIDOR_TOPIC: z.string().min(1).default(TOPIC_CORRIDOR_OBSERVATIONS),
    INGEST_GROUP_ID: z.string().min(1).default('ub-ingest'),
    DEAD_LETTER_TOPIC: z.string().min(1).default(TOPIC_DEAD_LETTER),
    // Partitions whose batches are written at the same time, each on its own connection.
    INGEST_PARTITION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    // Upper bound of one fetched batch per partition, so of one COPY (~10k readings a MiB).
    INGEST_MAX_BYTES_PER_PARTITION: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    // How long the group waits for a silent member before giving its partitions to others.
    INGEST_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(30_000),
    // Seconds between roll-up refreshes (plain PostgreSQL's stand-in for continuous aggregates); 0 disables
    // the roll-up job, retention included. Cheap under TimescaleDB, whose policies do the same work.
    INGEST_ROLLUP_REFRESH_S: z.coerce.number().int().min(0).max(3_600).default(60),
  })
  .refine((c) => c.DATABASE_POOL_SIZE > c.INGEST_PARTITION_CONCURRENCY, {
    path: ['DATABASE_POOL_SIZE'],
    message: 'must be larger than INGEST_PARTITION_CONCURRENCY (one connection per partition in flight, one for health checks)',
  })
  .superRefine((c, ctx) => {
    // Batches are routed by topic, so two streams cannot share one.
    const seen = new Map<string, StreamName>();
    for (const stream of c.INGEST_STREAMS) {
      const variable = TOPIC_VARIABLE_OF[stream];
      const topic = c[variable];
      const other = seen.get(topic);
      if (other) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message: `topic ${JSON.stringify(topic)} is already the topic of ${other}` });
      seen.set(topic, stream);
    }
  });

export type IngestConfig = z.infer<typeof ingestConfigSchema>;

/** The topic of each stream this process consumes. */
export function topicsOf(config: IngestConfig): Map<StreamName, string> {
  return new Map(config.INGEST_STREAMS.map((stream) => [stream, config[TOPIC_VARIABLE_OF[stream]]]));
}
