import { databaseEnv, httpEnv, kafkaEnv, logEnv } from '@urban-brain/common';
import { TOPIC_DEAD_LETTER, TOPIC_TRUCK_READINGS } from '@urban-brain/proto';
import { z } from 'zod';

// Keys are environment variable names, so a refusal names the variable to fix.
export const ingestConfigSchema = z
  .object({
    ...kafkaEnv,
    ...databaseEnv,
    ...httpEnv(3002),
    ...logEnv,
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    INGEST_TOPIC: z.string().min(1).default(TOPIC_TRUCK_READINGS),
    INGEST_GROUP_ID: z.string().min(1).default('ub-ingest'),
    DEAD_LETTER_TOPIC: z.string().min(1).default(TOPIC_DEAD_LETTER),
    // Partitions whose batches are written at the same time, each on its own connection.
    INGEST_PARTITION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    // Upper bound of one fetched batch per partition, so of one COPY (~10k readings a MiB).
    INGEST_MAX_BYTES_PER_PARTITION: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    // How long the group waits for a silent member before giving its partitions to others.
    INGEST_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(30_000),
  })
  .refine((c) => c.DATABASE_POOL_SIZE > c.INGEST_PARTITION_CONCURRENCY, {
    path: ['DATABASE_POOL_SIZE'],
    message: 'must be larger than INGEST_PARTITION_CONCURRENCY (one connection per partition in flight, one for health checks)',
  });

export type IngestConfig = z.infer<typeof ingestConfigSchema>;
