import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { contentTypeOf, correlationIdOf, decodeFleetMessage, type HealthCheck, type Logger } from '@urban-brain/common';
import { DispatchTaskSchema } from '@urban-brain/proto';
import type { Consumer, Kafka } from 'kafkajs';
import type { SimulatorConfig } from '../config/simulator.config';
import { KAFKA, LOGGER, SIMULATOR_CONFIG } from '../core/core.tokens';
import { DispatchService } from './dispatch.service';

const RESTART_AFTER_MS = 5_000;

/** The consumer group reading a dispatch topic: one of the simulator's own, per topic. */
export const dispatchGroupOf = (topic: string) => `ub-simulator-dispatch.${topic}`;

/**
 * Reads dispatch tasks (SIM_DISPATCH_TOPIC) and hands each to the dispatch service, committing its
 * offset once handed (or skipped). A new group starts at the latest offsets, so a fresh simulator
 * does not replay old assignments; a restarted one reads what it had not committed, and the
 * service ignores a task id it has seen. A record that does not decode is logged and committed.
 */
@Injectable()
export class DispatchTaskConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumer: Consumer | null = null;
  private readonly log: Logger;
  private failure: string | null = null;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(LOGGER) logger: Logger,
    private readonly dispatch: DispatchService,
  ) {
    this.log = logger.child({ context: DispatchTaskConsumer.name });
    if (!config.SIM_DISPATCH_ENABLED) return;
    this.consumer = kafka.consumer({ groupId: dispatchGroupOf(config.SIM_DISPATCH_TOPIC), allowAutoTopicCreation: false, maxWaitTimeInMs: 250 });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.failure = payload.error.message;
      this.log.error({ error: payload.error.message }, 'dispatch consumer crashed');
      if (!payload.restart) this.scheduleRestart();
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (this.failure = null));
  }

  onApplicationBootstrap(): void {
    void this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.consumer?.disconnect();
  }

  /** Down only while the consumer is failing; joining the group counts as up. None when off. */
  healthChecks(): HealthCheck[] {
    if (!this.consumer) return [];
    return [{ name: 'dispatch', check: async () => (this.failure === null ? undefined : Promise.reject(new Error(this.failure))) }];
  }

  private async start(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer || this.stopping) return;
    const topic = this.config.SIM_DISPATCH_TOPIC;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: false });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const where = { topic, partition, offset: message.offset };
          const decoded = message.value ? decodeFleetMessage(DispatchTaskSchema, message.value, contentTypeOf(message.headers)) : ({ ok: false, error: 'value: empty' } as const);
          if (!decoded.ok) this.log.warn({ ...where, error: decoded.error }, 'dispatch record skipped: not a DispatchTask');
          else {
            try {
              this.dispatch.handle(decoded.message, correlationIdOf(message.headers), Date.now());
            } catch (error) {
              // A task that breaks the simulator is skipped, not retried for ever.
              this.log.error({ ...where, taskId: decoded.message.taskId, error: (error as Error).message }, 'dispatch task skipped: failed');
            }
          }
          await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
        },
      });
      this.log.info({ topic, groupId: dispatchGroupOf(topic), fleets: this.dispatch.fleets }, 'obeying dispatch tasks');
    } catch (error) {
      this.failure = (error as Error).message;
      this.log.error({ topic, error: this.failure }, 'cannot read dispatch tasks; retrying');
      this.scheduleRestart();
    }
  }

  private scheduleRestart(): void {
    if (this.stopping) return;
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => void this.consumer?.disconnect().catch(() => undefined).then(() => this.start()), RESTART_AFTER_MS);
  }
}
