import type { HealthCheck, Logger } from '@urban-brain/common';
import type { Kafka } from 'kafkajs';
import type { FaultInjector } from '../faults/fault-injector';
import { withFaults } from '../faults/fault-injecting-producer';
import { FleetClockLoop, type FleetLoopStats } from './fleet-clock-loop';
import type { BackfillPlan } from '../backfill/backfill-plan';
import { FleetHistory, type FleetHistoryOptions } from './fleet-history';
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
  /** How the fleet plays the past before going live (SIM_BACKFILL); with the plan's window. */
  history?: FleetHistoryOptions<M>;
}

/**
 * One simulated fleet on Kafka: its producer (through the fault injector) and its
 * clock loop. The Nest services of the fleets hold one each and forward their
 * lifecycle to it, so the wiring lives here once.
 */
export class SimulatedFleetRunner<M> {
  private readonly producer: FleetTopicProducer<M>;
  private readonly loop: FleetClockLoop<M>;
  private readonly history: FleetHistory<M> | null = null;
  private pastProducer: FleetTopicProducer<M> | null = null;
  private catchingUp: Promise<void> | null = null;

  constructor(
    private readonly options: SimulatedFleetOptions<M>,
    private readonly kafka: Kafka,
    faults: FaultInjector,
    logger: Logger,
    plan?: BackfillPlan,
  ) {
    if (options.history && plan?.window) this.history = new FleetHistory(options.fleet, options.history, plan, logger);
    const history = this.history;
    this.producer = new FleetTopicProducer(kafka, { topic: options.topic, topicOf: options.topicOf, keyOf: options.keyOf, encode: options.encode }, (p) =>
      withFaults(p, faults),
    );
    this.loop = new FleetClockLoop({
      fleet: options.fleet,
      intervalMs: options.intervalMs,
      timeScale: options.timeScale,
      tick: history ? (simMs) => history.live(options.tick(simMs)) : options.tick,
      stamp: options.stamp,
      offsetOf: options.offsetOf,
      sendsPerTick: options.sendsPerTick,
      progressDetails: options.progressDetails,
      sink: this.producer,
      logger,
    });
  }

  start(): void {
    const history = this.history;
    if (!history) {
      this.loop.start({ ...this.options.details, topic: this.options.topic });
      return;
    }
    if (this.catchingUp) return;
    // The live simulator first runs through the past unsent, then goes live; its twin sends the past beside it.
    this.catchingUp = history.fastForward(this.options.tick).then((atTheEnd) => {
      if (atTheEnd) {
        this.loop.start({ ...this.options.details, topic: this.options.topic });
        const { topic, topicOf, keyOf, encode } = this.options;
        this.pastProducer = new FleetTopicProducer(this.kafka, { topic, topicOf, keyOf, encode });
        void history.sendPast(this.pastProducer);
      }
    });
  }

  /** Stops the clock and lets the send in flight finish. */
  async stop(): Promise<void> {
    this.history?.stop();
    await this.loop.stop();
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
    await this.pastProducer?.disconnect();
  }

  snapshot(): FleetLoopStats {
    return this.loop.snapshot();
  }

  healthChecks(): HealthCheck[] {
    const live = this.loop.healthCheck();
    const history = this.history;
    if (!history) return [live];
    // Running through the past before going live is healthy: the process is doing what it was asked.
    return [{ name: live.name, check: async () => (history.progress.phase === 'fast-forward' || history.progress.phase === 'waiting' ? undefined : live.check()) }];
  }
}
