import type { HealthCheck, Logger } from '@urban-brain/common';
import type { Kafka } from 'kafkajs';
import type { FaultInjector } from '../faults/fault-injector';
import { withFaults } from '../faults/fault-injecting-producer';
import { FleetClockLoop, type FleetLoopStats } from './fleet-clock-loop';
import { FleetTopicProducer } from './fleet-topic.producer';

export interface SimulatedFleetOptions<M> {
  /** Name in logs and health, e.g. 'bikes'. */
  fleet: string;
  topic: string;
  keyOf: (message: M) => string;
  encode: (message: M) => Uint8Array;
  intervalMs: number;
  timeScale: number;
  tick: (simMs: number) => M[];
  /** Sets a message's device time to the wall time it is sent at (scaled clocks run ahead). */
  stamp: (message: M, wallMs: number) => void;
  /** Extra fields for the "starting" log line. */
  details: Record<string, unknown>;
  /** See FleetTopicProducerOptions.topicOf. */
  topicOf?: (message: M) => string;
  /** See FleetClockLoopOptions: when within the tick each device reports, and how many sends a tick. */
  offsetOf?: (message: M) => number;
  sendsPerTick?: number;
  progressDetails?: () => Record<string, unknown>;
}

/**
 * One simulated fleet on Kafka: its producer (through the fault injector) and its
 * clock loop. The Nest services of the fleets hold one each and forward their
 * lifecycle to it, so the wiring lives here once.
 */
export class SimulatedFleetRunner<M> {
  private readonly producer: FleetTopicProducer<M>;
  private readonly loop: FleetClockLoop<M>;

  constructor(
    private readonly options: SimulatedFleetOptions<M>,
    kafka: Kafka,
    faults: FaultInjector,
    logger: Logger,
  ) {
    this.producer = new FleetTopicProducer(kafka, { topic: options.topic, topicOf: options.topicOf, keyOf: options.keyOf, encode: options.encode }, (p) =>
      withFaults(p, faults),
    );
    this.loop = new FleetClockLoop({
      fleet: options.fleet,
      intervalMs: options.intervalMs,
      timeScale: options.timeScale,
      tick: options.tick,
      stamp: options.stamp,
      offsetOf: options.offsetOf,
      sendsPerTick: options.sendsPerTick,
      progressDetails: options.progressDetails,
      sink: this.producer,
      logger,
    });
  }

  start(): void {
    this.loop.start({ ...this.options.details, topic: this.options.topic });
  }

  /** Stops the clock and lets the send in flight finish. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  snapshot(): FleetLoopStats {
    return this.loop.snapshot();
  }

  healthChecks(): HealthCheck[] {
    return [this.loop.healthCheck()];
  }
}
