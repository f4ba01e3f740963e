import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { contentTypeOf, createKafka, decodeCheckedStreamMessage, type HealthCheck, type Logger as PinoLogger } from '@urban-brain/common';
import { REALTIME_CONFIG, type RealtimeConfig } from '../config/realtime.config';
import { ROOT_LOGGER } from '../config/root-logger.token';
import { LIVE_STREAMS } from '../fleets/live-fleet.registry';
import type { LiveStream } from '../fleets/live-stream';
import { FeedHealthTracker } from '../live-state/feed-health';
import { FleetFeedService } from './fleet-feed.service';

// After kafkajs gives up (broker gone for minutes), try again this often: a wall
// screen's gateway must recover by itself when the broker comes back.
const RESTART_AFTER_MS = 5_000;
// A fetch answers once this much is waiting (or after half a tick): about 600 readings.
const FETCH_MIN_BYTES = 64 * 1024;

/**
 * Reads the topic of every live stream of the registry (trucks, bikes, boats,
 * signal phases, corridor observations, ambulance readings, emergency calls)
 * straight from Kafka in one consumer.
 * Each gateway instance has its own consumer group (it needs every partition)
 * and never commits offsets: after a restart it starts from the newest records,
 * not from a backlog of stale positions.
 */
@Injectable()
export class FleetMessagesConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(FleetMessagesConsumer.name);
  private readonly consumer: Consumer;
  private readonly streamByTopic: ReadonlyMap<string, LiveStream>;
  private joined = false;
  private problem = 'not joined yet';
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;

  readonly healthCheck: HealthCheck = {
    name: 'kafka',
    check: async () => {
      if (!this.joined) throw new Error(this.problem);
    },
  };

  constructor(
    private readonly feed: FleetFeedService,
    private readonly health: FeedHealthTracker,
    @Inject(REALTIME_CONFIG) private readonly config: RealtimeConfig,
    @Inject(ROOT_LOGGER) rootLogger: PinoLogger,
  ) {
    this.streamByTopic = new Map(LIVE_STREAMS.map((stream) => [config.kafka.topics[stream.descriptor.name]!, stream]));
    const kafka = createKafka({ clientId: 'ub-realtime', brokers: config.kafka.brokers, logger: rootLogger });
    // Frames leave on a tick, so records need not arrive more often than twice a tick: the broker
    // holds a fetch until FETCH_MIN_BYTES are there or half a tick has passed. A fetch per few
    // records (minBytes 1) cost the broker as much CPU as the producer's writes at 20,000 events/s.
    this.consumer = kafka.consumer({
      groupId: config.kafka.groupId,
      allowAutoTopicCreation: false,
      minBytes: FETCH_MIN_BYTES,
      maxWaitTimeInMs: Math.max(10, Math.floor(config.live.tickMs / 2)),
    });
    const { GROUP_JOIN, CRASH, DISCONNECT, FETCH, HEARTBEAT } = this.consumer.events;
    // Every answer from the broker is a sign of life for the wall's feed-health indicator.
    this.consumer.on(FETCH, ({ timestamp }) => this.health.active(timestamp));
    this.consumer.on(HEARTBEAT, ({ timestamp }) => this.health.active(timestamp));
    this.consumer.on(GROUP_JOIN, ({ payload, timestamp }) => {
      this.joined = true;
      this.health.joined(timestamp);
      this.logger.log(`joined group ${payload.groupId} (${Object.values(payload.memberAssignment).flat().length} partitions)`);
    });
    this.consumer.on(CRASH, ({ payload }) => {
      this.joined = false;
      this.problem = `consumer crashed: ${payload.error.message}`;
      this.health.crashed(this.problem);
      this.logger.error(`${this.problem}${payload.restart ? ' (kafkajs restarts it)' : ''}`);
      if (!payload.restart) this.scheduleRestart();
    });
    this.consumer.on(DISCONNECT, () => {
      this.joined = false;
      this.problem = 'disconnected';
      this.health.disconnected();
    });
  }

  onApplicationBootstrap(): void {
    // Not awaited: the HTTP server and /health come up even while the broker is away.
    void this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.consumer.disconnect();
    this.logger.log(`left group ${this.config.kafka.groupId}`);
  }

  private async start(): Promise<void> {
    const { groupId } = this.config.kafka;
    const topics = [...this.streamByTopic.keys()];
    // A stream that reports only on change (bikes) is replayed from the start of its retention;
    // the chatty ones start at the newest offset.
    const replayed = topics.filter((topic) => this.streamByTopic.get(topic)!.readFromStart);
    const live = topics.filter((topic) => !this.streamByTopic.get(topic)!.readFromStart);
    try {
      await this.consumer.connect();
      if (replayed.length > 0) await this.consumer.subscribe({ topics: replayed, fromBeginning: true });
      if (live.length > 0) await this.consumer.subscribe({ topics: live, fromBeginning: false });
      await this.consumer.run({ autoCommit: false, eachBatch: (payload) => this.onBatch(payload) });
      this.logger.log(`consuming ${topics.join(', ')} as group ${groupId}`);
    } catch (error) {
      this.problem = `cannot consume ${topics.join(', ')}: ${(error as Error).message}`;
      this.logger.error(this.problem);
      this.health.connecting(this.problem);
      this.scheduleRestart();
    }
  }

  private scheduleRestart(): void {
    if (this.stopping) return;
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      void this.consumer
        .disconnect()
        .catch(() => undefined)
        .then(() => (this.stopping ? undefined : this.start()));
    }, RESTART_AFTER_MS);
  }

  private async onBatch({ batch, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const receivedAtMs = Date.now();
    this.health.active(receivedAtMs);
    // Which stream a record belongs to is its topic's: looked up once per batch, not per record.
    const stream = this.streamByTopic.get(batch.topic);
    if (!stream) return;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) return;
      if (!message.value) {
        this.feed.refuse(`${batch.topic}/${batch.partition}@${message.offset}: empty record value`);
        continue;
      }
      // The same decoding and checks as ingest's: what ingest dead-letters never reaches the map.
      const decoded = decodeCheckedStreamMessage(stream.descriptor, message.value, contentTypeOf(message.headers), receivedAtMs);
      if (!decoded.ok) {
        this.feed.refuse(`${batch.topic}/${batch.partition}@${message.offset}: ${decoded.error}`);
        continue;
      }
      this.feed.accept(stream, decoded.message, receivedAtMs);
    }
  }
}
