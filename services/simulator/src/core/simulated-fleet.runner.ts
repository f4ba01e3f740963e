import type { HealthCheck, Logger } from '@urban-brain/common';
import type { Kafka } from 'kafkajs';
import type { FaultInjector } from '../faults/fault-injector';
import { withFaults } from '../faults/fault-injecting-producer';
import { positionJumperFor } from '../faults/position-jumper';
import { FleetClockLoop, type FleetLoopStats } from './fleet-clock-loop';
import type { BackfillPlan } from '../backfill/backfill-plan';
import { FleetHistory, type FleetHistoryOptions } from './fleet-history';
import type { FleetStreamRecords } from './fleet-stream-records';
import { FleetTopicProducer } from './fleet-topic.producer';

export interface SimulatedFleetOptions<M> {
  /** The fleet's streams and their topics: its name, and each message's topic, key and bytes (streamRecords, taggedStreamRecords). */
  records: FleetStreamRecords<M>;
  /** SIM_FAULTS' gps-jump moves this fleet's positions (its streams carry lon/lat); the trucks only, so far. */
  gpsJumps?: boolean;
  intervalMs: number;
  timeScale: number;
  tick: (simMs: number) => M[];
  /** Sets a message's device time to the wall time it is sent at (scaled clocks run ahead). */
  stamp: (message: M, wallMs: number) => void;
  /** Extra fields for the "starting" log line. */
  details: Record<string, unknown>;
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
    const { fleet, streams } = options.records;
    if (options.history && plan?.window) this.history = new FleetHistory(fleet, options.history, plan, logger);
    const history = this.history;
    if (options.gpsJumps) for (const { stream, topic } of streams) faults.registerPositionJumper(topic, positionJumperFor(stream.schema));
    this.producer = new FleetTopicProducer(kafka, options.records, (p) => withFaults(p, faults));
    this.loop = new FleetClockLoop({
      fleet,
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
    const details = { ...this.options.details, topics: Object.fromEntries(this.options.records.streams.map(({ stream, topic }) => [stream.name, topic])) };
    if (!history) {
      this.loop.start(details);
      return;
    }
    if (this.catchingUp) return;
    // The live simulator first runs through the past unsent, then goes live; its twin sends the past beside it.
    this.catchingUp = history.fastForward(this.options.tick).then((atTheEnd) => {
      if (atTheEnd) {
        this.loop.start(details);
        this.pastProducer = new FleetTopicProducer(this.kafka, this.options.records);
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
