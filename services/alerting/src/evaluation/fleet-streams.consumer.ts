import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { FLEET_STREAMS, type FleetStreamDescriptor, type HealthCheck } from '@urban-brain/common';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { ALERTING_CONFIG, topicOf, type AlertingConfig } from '../config/alerting.config';
import { KAFKA } from '../core/core.tokens';
import type { StreamObservation } from '../engine/stream-observation';
import { AlertEvaluationService } from './alert-evaluation.service';
import { observationOf } from './stream-observations';

const RESTART_AFTER_MS = 5_000;

type PartitionKey = `${string}/${number}`;
const keyOf = (topic: string, partition: number): PartitionKey => `${topic}/${partition}`;

/**
 * The rules service's own consumer group over every fleet stream (the descriptors' registry).
 *
 * Restart without raising twice or missing anything: the rules' state lives in memory, so at start
 * each stream is read again from a while before the group's committed offsets (ALERTING_WARM_UP_S;
 * streams that report only changes, bikes, from the start of retention) by a throwaway consumer,
 * with every signal discarded; then the engine's active conditions are reconciled with the
 * database's (AlertEvaluationService.goLive), and the group consumes from its committed offsets,
 * committing a batch's offsets only after what it signalled is stored. A batch stored but not
 * committed (a crash in between) is read again and changes nothing the second time: the alert
 * writes are idempotent by the alert's state (AlertsRepository).
 */
@Injectable()
export class FleetStreamsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(FleetStreamsConsumer.name);
  private readonly streamByTopic: ReadonlyMap<string, FleetStreamDescriptor>;
  private consumer: Consumer | null = null;
  private warmUp: Consumer | null = null;
  private live = false;
  private problem = 'starting: rebuilding the rules\' state';
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  /** Once live, a restart of the consumer (a broker outage) goes on from the committed offsets: the engine's state is still here. */
  private rebuilt = false;

  readonly healthCheck: HealthCheck = {
    name: 'kafka',
    check: async () => {
      if (!this.live) throw new Error(this.problem);
    },
  };

  constructor(
    private readonly evaluation: AlertEvaluationService,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
  ) {
    this.streamByTopic = new Map(FLEET_STREAMS.map((stream) => [topicOf(config, stream.name), stream]));
  }

  onApplicationBootstrap(): void {
    void this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.warmUp?.disconnect().catch(() => undefined);
    await this.consumer?.disconnect();
  }

  private async start(): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      if (!this.rebuilt) {
        const stopAt = await this.rebuild(admin);
        if (this.stopping) return;
        await this.evaluation.goLive();
        this.rebuilt = true;
        await this.consumeLive(stopAt.unclaimed);
      } else {
        await this.consumeLive(new Map());
      }
    } catch (error) {
      this.problem = `cannot consume the fleet streams: ${(error as Error).message}`;
      this.logger.error(this.problem);
      this.scheduleRestart();
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /**
   * Reads each partition from its warm-up start to where the group goes on. Answers, for the
   * partitions where the group has no committed offset yet (a first start), where it must begin.
   */
  private async rebuild(admin: Admin): Promise<{ unclaimed: Map<PartitionKey, string> }> {
    const { ALERTING_GROUP_ID: groupId, ALERTING_WARM_UP_S: warmUpS } = this.config;
    const topics = [...this.streamByTopic.keys()];
    const committed = await admin.fetchOffsets({ groupId, topics });
    const stopAt = new Map<PartitionKey, string>();
    const unclaimed = new Map<PartitionKey, string>();
    const startAt = new Map<PartitionKey, string>();
    const since = Date.now() - warmUpS * 1000;
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const fromTime = this.streamByTopic.get(topic)!.stateFromStart ? null : await admin.fetchTopicOffsetsByTimestamp(topic, since);
      const committedOf = new Map(committed.find((c) => c.topic === topic)?.partitions.map((p) => [p.partition, p.offset]) ?? []);
      for (const end of ends) {
        const key = keyOf(topic, end.partition);
        const groupOffset = committedOf.get(end.partition);
        // Where the group goes on: its committed offset, or (first start) the end of the partition now.
        const claimed = groupOffset !== undefined && groupOffset !== '-1';
        stopAt.set(key, claimed ? groupOffset : end.high);
        if (!claimed) unclaimed.set(key, end.high);
        const start = fromTime === null ? end.low : (fromTime.find((o) => o.partition === end.partition)?.offset ?? end.high);
        startAt.set(key, start);
      }
    }
    const pending = [...startAt].filter(([key, start]) => BigInt(start) < BigInt(stopAt.get(key)!));
    if (pending.length === 0) {
      this.logger.log('nothing to rebuild the rules\' state from');
      return { unclaimed };
    }
    const started = Date.now();
    let records = 0;
    const warmUpGroup = `${groupId}-warm-up-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId: warmUpGroup, allowAutoTopicCreation: false });
    this.warmUp = consumer;
    const remaining = new Set(pending.map(([key]) => key));
    const done = new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
      const eachBatch = async ({ batch, isRunning }: EachBatchPayload) => {
        const key = keyOf(batch.topic, batch.partition);
        const stream = this.streamByTopic.get(batch.topic);
        const end = BigInt(stopAt.get(key) ?? '0');
        if (!stream || !remaining.has(key)) return;
        const observations: StreamObservation[] = [];
        let reached = false;
        for (const record of batch.messages) {
          if (!isRunning()) return;
          if (BigInt(record.offset) >= end) {
            reached = true;
            break;
          }
          const observation = observationOf(stream, record, Date.now());
          if (observation) observations.push(observation);
        }
        records += observations.length;
        await this.evaluation.observe(observations);
        if (reached || BigInt(batch.lastOffset()) + 1n >= end) {
          remaining.delete(key);
          consumer.pause([{ topic: batch.topic, partitions: [batch.partition] }]);
          if (remaining.size === 0) resolve();
        }
      };
      void (async () => {
        await consumer.connect();
        await consumer.subscribe({ topics: [...new Set(pending.map(([key]) => key.slice(0, key.lastIndexOf('/'))))], fromBeginning: true });
        await consumer.run({ autoCommit: false, eachBatch });
        for (const [key, offset] of pending) {
          const slash = key.lastIndexOf('/');
          consumer.seek({ topic: key.slice(0, slash), partition: Number(key.slice(slash + 1)), offset });
        }
      })().catch(reject);
    });
    await done;
    await consumer.disconnect();
    this.warmUp = null;
    await admin.deleteGroups([warmUpGroup]).catch(() => undefined);
    this.logger.log(`rebuilt the rules' state from ${records} records in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { unclaimed };
  }

  /**
   * The group consumes from its committed offsets; on a first start (`unclaimed`: no committed
   * offset) exactly where the rebuild stopped, not at whatever is newest by the time it joins.
   * (Seeking after run(), before the first fetch, is kafkajs's way; admin.setOffsets joins the group
   * once per topic, seconds each.)
   */
  private async consumeLive(unclaimed: Map<PartitionKey, string>): Promise<void> {
    const groupId = this.config.ALERTING_GROUP_ID;
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.live = true;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.live = false;
      this.problem = `consumer crashed: ${payload.error.message}`;
      this.logger.error(this.problem);
      if (!payload.restart) this.scheduleRestart();
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.streamByTopic.keys()], fromBeginning: false });
    await consumer.run({ autoCommit: false, eachBatch: (payload) => this.onBatch(payload) });
    for (const [key, offset] of unclaimed) {
      const slash = key.lastIndexOf('/');
      consumer.seek({ topic: key.slice(0, slash), partition: Number(key.slice(slash + 1)), offset });
    }
    this.logger.log(`evaluating ${this.streamByTopic.size} fleet streams as group ${groupId}`);
  }

  private async onBatch({ batch, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const stream = this.streamByTopic.get(batch.topic);
    if (!stream || batch.messages.length === 0) return;
    const now = Date.now();
    const observations: StreamObservation[] = [];
    for (const record of batch.messages) {
      const observation = observationOf(stream, record, now);
      if (observation) observations.push(observation);
    }
    await this.evaluation.observe(observations);
    if (!isRunning() || isStale()) return;
    await this.consumer!.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }]);
  }

  private scheduleRestart(): void {
    if (this.stopping) return;
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      void (this.consumer?.disconnect() ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => {
          this.consumer = null;
          this.live = false;
          return this.stopping ? undefined : this.start();
        });
    }, RESTART_AFTER_MS);
  }
}
