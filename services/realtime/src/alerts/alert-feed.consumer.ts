import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { fromBinary } from '@bufbuild/protobuf';
import { createKafka, type Logger as PinoLogger } from '@urban-brain/common';
import { AlertChangeSchema } from '@urban-brain/proto';
import type { Consumer } from 'kafkajs';
import { REALTIME_CONFIG, type RealtimeConfig } from '../config/realtime.config';
import { ROOT_LOGGER } from '../config/root-logger.token';
import { AlertBook } from './alert-book';

const RESTART_AFTER_MS = 5_000;

/**
 * Reads ub.alerts.v1 from the start of its retention into the alert book, in a group of this
 * instance's own (every gateway needs every alert) that never commits: after a restart the book is
 * rebuilt from the topic, which is why the topic keeps 30 days.
 */
@Injectable()
export class AlertFeedConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AlertFeedConsumer.name);
  private readonly consumer: Consumer;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  readonly book: AlertBook;

  constructor(
    @Inject(REALTIME_CONFIG) private readonly config: RealtimeConfig,
    @Inject(ROOT_LOGGER) rootLogger: PinoLogger,
  ) {
    this.book = new AlertBook(config.alerts.resolvedKeepMs);
    const kafka = createKafka({ clientId: 'ub-realtime-alerts', brokers: config.kafka.brokers, logger: rootLogger });
    this.consumer = kafka.consumer({ groupId: `${config.kafka.groupId}-alerts`, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.logger.error(`alert feed crashed: ${payload.error.message}`);
      if (!payload.restart) this.scheduleRestart();
    });
  }

  onApplicationBootstrap(): void {
    void this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.consumer.disconnect();
  }

  private async start(): Promise<void> {
    const topic = this.config.kafka.alertsTopic;
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: [topic], fromBeginning: true });
      await this.consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const record of batch.messages) {
            if (!record.value) continue;
            try {
              this.book.apply(fromBinary(AlertChangeSchema, record.value));
            } catch (error) {
              this.logger.warn(`${topic}/${batch.partition}@${record.offset}: not an AlertChange (${(error as Error).message})`);
            }
          }
        },
      });
      this.logger.log(`watching alerts on ${topic}`);
    } catch (error) {
      this.logger.error(`cannot read ${topic}: ${(error as Error).message}`);
      this.scheduleRestart();
    }
  }

  private scheduleRestart(): void {
    if (this.stopping) return;
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => void this.consumer.disconnect().catch(() => undefined).then(() => (this.stopping ? undefined : this.start())), RESTART_AFTER_MS);
  }
}
