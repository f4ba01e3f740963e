import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from '@urban-brain/common';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { IngestConfig } from '../config/ingest.config';
import { INGEST_CONFIG, KAFKA, LOGGER } from '../core/core.tokens';
import { FleetIngestService, type IngestTotals } from './fleet-ingest.service';
import { FLEET_STREAMS, type FleetStreamsByTopic } from './fleet-stream';
import { toIncomingRecord } from './incoming-record';
import { WriteBackpressure, type BackpressureStatus } from './write-backpressure';

export type ConsumerState = 'starting' | 'consuming' | 'restarting' | 'crashed' | 'stopped';

export interface ConsumerStatus {
  state: ConsumerState;
  /** Last sign of life from the group: a fetch, a heartbeat or a join. */
  lastContactAtMs: number | null;
  error: string | null;
  backpressure: BackpressureStatus;
  held: HeldRecords;
}

/** Fetched records not yet stored and committed: what ingest holds in memory. */
export interface HeldRecords {
  records: number;
  bytes: number;
  /** The most held at once since the process started. */
  maxRecords: number;
  maxBytes: number;
}

const PROGRESS_EVERY_MS = 10_000;
// How long the crash point waits after flushing its log line before it kills the process (see crashPoint).
const CRASH_LOG_GRACE_MS = 250;

/**
 * The Kafka edge of ingest: one consumer group reading every fleet topic in
 * batches, each batch handed to the service with its topic's stream. Offsets are
 * committed by hand, after the service has stored the batch and sent its dead
 * letters; nothing is resolved or committed before that. A write that is slow or
 * fails pauses every topic until writes land again (WriteBackpressure), so a
 * database that falls behind leaves the records in Kafka, not in this process.
 */
@Injectable()
export class FleetIngestConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumer: Consumer;
  private readonly log: Logger;
  private status: Pick<ConsumerStatus, 'state' | 'lastContactAtMs' | 'error'> = { state: 'starting', lastContactAtMs: null, error: null };
  private storedBatches = 0;
  private readonly held: HeldRecords = { records: 0, bytes: 0, maxRecords: 0, maxBytes: 0 };
  private readonly backpressure: WriteBackpressure;
  private progressTimer: NodeJS.Timeout | undefined;
  private lastProgress: { atMs: number; totals: IngestTotals } | undefined;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(FLEET_STREAMS) private readonly streams: FleetStreamsByTopic,
    @Inject(FleetIngestService) private readonly service: FleetIngestService,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ context: FleetIngestConsumer.name });
    this.consumer = kafka.consumer({
      groupId: config.INGEST_GROUP_ID,
      sessionTimeout: config.INGEST_SESSION_TIMEOUT_MS,
      heartbeatInterval: Math.min(3_000, Math.floor(config.INGEST_SESSION_TIMEOUT_MS / 3)),
      maxBytesPerPartition: config.INGEST_MAX_BYTES_PER_PARTITION,
      maxBytes: config.INGEST_MAX_BYTES_PER_FETCH,
      allowAutoTopicCreation: false,
    });
    // Pausing whole topics covers every partition, also those assigned after a rebalance.
    const everyTopic = () => [...this.streams.keys()].map((topic) => ({ topic }));
    this.backpressure = new WriteBackpressure(
      { slowWriteMs: config.INGEST_SLOW_WRITE_MS, retryMaxMs: config.INGEST_WRITE_RETRY_MAX_MS },
      { pause: () => this.consumer.pause(everyTopic()), resume: () => this.consumer.resume(everyTopic()) },
      this.log,
    );
    this.watchGroup();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.connect();
    // A new group starts at the beginning: what was produced before ingest first ran is still wanted.
    await this.consumer.subscribe({ topics: [...this.streams.keys()], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.config.INGEST_PARTITION_CONCURRENCY,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.lastProgress = { atMs: Date.now(), totals: this.service.totals() };
    this.progressTimer = setInterval(() => this.logProgress(), PROGRESS_EVERY_MS);
    this.progressTimer.unref();
  }

  // Stops fetching, lets the batch in flight finish (store, dead letters, commit), leaves the group.
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.progressTimer);
    this.status = { ...this.status, state: 'stopped' };
    await this.consumer.disconnect();
    this.log.info({ totals: this.service.totals(), byStream: this.service.totalsByStream() }, 'consumer stopped');
  }

  getStatus(): ConsumerStatus {
    return { ...this.status, backpressure: this.backpressure.getStatus(), held: { ...this.held } };
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const bytes = batch.messages.reduce((sum, m) => sum + (m.value?.length ?? 0) + (m.key?.length ?? 0), 0);
    this.hold(batch.messages.length, bytes);
    try {
      await this.storeAndCommit(payload);
    } finally {
      this.hold(-batch.messages.length, -bytes);
    }
  }

  private hold(records: number, bytes: number): void {
    this.held.records += records;
    this.held.bytes += bytes;
    this.held.maxRecords = Math.max(this.held.maxRecords, this.held.records);
    this.held.maxBytes = Math.max(this.held.maxBytes, this.held.bytes);
  }

  private async storeAndCommit({ batch, resolveOffset, heartbeat, isStale, isRunning }: EachBatchPayload): Promise<void> {
    // A rebalance or seek made this batch obsolete: leave it unresolved, it will be fetched again.
    if (isStale()) return;
    const stream = this.streams.get(batch.topic);
    // Only subscribed topics are fetched, and each has a stream; failing keeps the offsets.
    if (!stream) throw new Error(`no stream for topic ${batch.topic}`);
    const records = batch.messages.map((message) => toIncomingRecord(stream, message));
    const origin = { stream: stream.name, topic: batch.topic, partition: batch.partition, firstOffset: batch.firstOffset(), lastOffset: batch.lastOffset() };
    try {
      await this.backpressure.write(() => this.service.ingestBatch(stream, { topic: batch.topic, partition: batch.partition, records }), {
        keepAlive: heartbeat,
        isRunning,
        origin,
      });
      await this.crashPoint(origin);
      const lastOffset = batch.lastOffset();
      await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(lastOffset) + 1n).toString() }]);
      resolveOffset(lastOffset);
      await heartbeat();
    } catch (error) {
      // Only when stopping (a failed write is retried until then) or when the commit fails: kafkajs
      // retries the batch from the last committed offset, and the rows it may already have stored
      // are skipped on the way through again.
      this.log.warn({ ...origin, error: (error as Error).message }, 'batch failed; it will be redelivered');
      throw error;
    }
  }

  // INGEST_CRASH_AFTER_STORED_BATCHES: stored, not yet committed to Kafka. The next member must redeliver
  // this batch and store none of it twice.
  private async crashPoint(origin: Record<string, unknown>): Promise<void> {
    if (++this.storedBatches !== this.config.INGEST_CRASH_AFTER_STORED_BATCHES) return;
    this.log.warn(origin, 'crash point: killing the process between the database commit and the offset commit');
    // Never resolves: the offset is not committed. The log line must be out first, for the test reads it:
    // pino writes stdout asynchronously and its flush callback does not wait for a write in flight
    // (sonic-boom with minLength 0 calls it at once), so the kill waits a moment more.
    await new Promise<never>(() => this.log.flush(() => setTimeout(() => process.kill(process.pid, 'SIGKILL'), CRASH_LOG_GRACE_MS)));
  }

  private watchGroup(): void {
    const { GROUP_JOIN, FETCH, HEARTBEAT, CRASH, STOP } = this.consumer.events;
    const touch = () => (this.status.lastContactAtMs = Date.now());
    this.consumer.on(GROUP_JOIN, ({ payload }) => {
      this.status = { state: 'consuming', lastContactAtMs: Date.now(), error: null };
      this.log.info({ groupId: payload.groupId, memberId: payload.memberId, assignment: payload.memberAssignment }, 'joined consumer group');
    });
    this.consumer.on(FETCH, touch);
    this.consumer.on(HEARTBEAT, touch);
    this.consumer.on(CRASH, ({ payload }) => {
      this.status = { ...this.status, state: payload.restart ? 'restarting' : 'crashed', error: payload.error.message };
      const entry = { groupId: payload.groupId, restart: payload.restart, error: payload.error.message };
      if (payload.restart) this.log.warn(entry, 'consumer crashed; kafkajs restarts it');
      else this.log.error(entry, 'consumer crashed and will not restart');
    });
    this.consumer.on(STOP, () => {
      if (this.status.state !== 'stopped') this.status = { ...this.status, state: 'stopped' };
    });
  }

  private logProgress(): void {
    const now = Date.now();
    const totals = this.service.totals();
    const previous = this.lastProgress ?? { atMs: now, totals };
    const seconds = Math.max(0.001, (now - previous.atMs) / 1000);
    this.lastProgress = { atMs: now, totals };
    this.log.info(
      {
        totals,
        byStream: this.service.totalsByStream(),
        backpressure: this.backpressure.getStatus(),
        held: this.held,
        acceptedPerSecond: Math.round((totals.accepted - previous.totals.accepted) / seconds),
        receivedPerSecond: Math.round((totals.received - previous.totals.received) / seconds),
      },
      'ingest progress',
    );
  }
}
