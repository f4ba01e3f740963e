import { databaseEnv, FLEET_STREAMS, httpEnv, kafkaEnv, logEnv } from '@urban-brain/common';
import { TOPIC_DEAD_LETTER } from '@urban-brain/proto';
import { z } from 'zod';

/** The streams ingest knows, one per Kafka topic: every fleet stream of the registry (@urban-brain/common fleets). */
export const STREAM_NAMES = FLEET_STREAMS.map((stream) => stream.name) as [string, ...string[]];
/** A fleet stream's name, "truck-readings"; its feature folder in ingest is named after it. */
export type StreamName = string;

/** The config variable holding each stream's topic: INGEST_<topicSetting>_TOPIC (INGEST_TRUCK_TOPIC, ...). */
export const TOPIC_VARIABLE_OF: Readonly<Record<StreamName, string>> = Object.fromEntries(
  FLEET_STREAMS.map((stream) => [stream.name, `INGEST_${stream.topicSetting}_TOPIC`]),
);

// One topic setting per stream, defaulting to the stream's topic.
const topicSettings = Object.fromEntries(
  FLEET_STREAMS.map((stream) => [TOPIC_VARIABLE_OF[stream.name], z.string().min(1).default(stream.topic)]),
) as Record<string, z.ZodDefault<z.ZodString>>;

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
    ...topicSettings,
    INGEST_GROUP_ID: z.string().min(1).default('ub-ingest'),
    DEAD_LETTER_TOPIC: z.string().min(1).default(TOPIC_DEAD_LETTER),
    // Partitions whose batches are written at the same time, each on its own connection.
    INGEST_PARTITION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    // What bounds ingest's memory: kafkajs fetches again only after eachBatch has finished every batch of
    // the previous fetch (each batch waits for its database write), so at most one fetch response per
    // broker is held, at most INGEST_MAX_BYTES_PER_FETCH, and of it at most INGEST_MAX_BYTES_PER_PARTITION
    // a partition (~10k truck readings a MiB). The broker still returns a partition's first record batch
    // whole when it is larger, so a producer's single huge batch can exceed the per-partition bound.
    INGEST_MAX_BYTES_PER_PARTITION: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    INGEST_MAX_BYTES_PER_FETCH: z.coerce.number().int().min(1024).max(256 * 1024 * 1024).default(10 * 1024 * 1024),
    // Rows per COPY transaction, read off bench/ingest-batch-curve.bench.mjs (docs/benchmarks.md, "Ingest
    // batch size"): per-transaction overhead dominates below ~2k rows (250 rows: ~41 % of the best rate),
    // 5k-20k is flat within the noise, and 10k was the best or within 5 % of it in both recorded runs;
    // 20k holds twice the rows in one transaction for nothing measurable. A fetched batch above this is
    // written in several transactions; offsets are still committed only after the last one.
    INGEST_WRITE_BATCH_ROWS: z.coerce.number().int().min(1).max(200_000).default(10_000),
    // Backpressure: a batch write running longer than this, or failing, pauses every topic of the
    // consumer (nothing more is fetched) until the writes succeed again; a failed write is retried,
    // backing off up to INGEST_WRITE_RETRY_MAX_MS, while the consumer stays in its group.
    INGEST_SLOW_WRITE_MS: z.coerce.number().int().min(50).max(300_000).default(5_000),
    INGEST_WRITE_RETRY_MAX_MS: z.coerce.number().int().min(10).max(60_000).default(5_000),
    // How long the group waits for a silent member before giving its partitions to others.
    INGEST_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(30_000),
    // Seconds between roll-up refreshes (plain PostgreSQL's stand-in for continuous aggregates); 0 disables
    // the roll-up job, retention included. Cheap under TimescaleDB, whose policies do the same work.
    INGEST_ROLLUP_REFRESH_S: z.coerce.number().int().min(0).max(3_600).default(60),
    // Chaos and tests only: after the Nth stored batch's database commit, before its offset commit (the
    // worst moment for exactly-once), the process kills itself with SIGKILL. 0 (the default) never does.
    INGEST_CRASH_AFTER_STORED_BATCHES: z.coerce.number().int().min(0).default(0),
  })
  .refine((c) => c.INGEST_MAX_BYTES_PER_FETCH >= c.INGEST_MAX_BYTES_PER_PARTITION, {
    path: ['INGEST_MAX_BYTES_PER_FETCH'],
    message: 'must be at least INGEST_MAX_BYTES_PER_PARTITION (a fetch holds whole partition batches)',
  })
  .refine((c) => c.DATABASE_POOL_SIZE > c.INGEST_PARTITION_CONCURRENCY, {
    path: ['DATABASE_POOL_SIZE'],
    message: 'must be larger than INGEST_PARTITION_CONCURRENCY (one connection per partition in flight, one for health checks)',
  })
  .superRefine((c, ctx) => {
    // Batches are routed by topic, so two streams cannot share one.
    const seen = new Map<string, StreamName>();
    for (const stream of c.INGEST_STREAMS) {
      const variable = TOPIC_VARIABLE_OF[stream]!;
      const topic = topicSettingOf(c, variable);
      const other = seen.get(topic);
      if (other) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message: `topic ${JSON.stringify(topic)} is already the topic of ${other}` });
      seen.set(topic, stream);
    }
  });

export type IngestConfig = z.infer<typeof ingestConfigSchema>;

/** The topic of each stream this process consumes. */
export function topicsOf(config: IngestConfig): Map<StreamName, string> {
  return new Map(config.INGEST_STREAMS.map((stream) => [stream, topicSettingOf(config, TOPIC_VARIABLE_OF[stream]!)]));
}

function topicSettingOf(config: object, variable: string): string {
  return (config as Record<string, string>)[variable]!;
}
