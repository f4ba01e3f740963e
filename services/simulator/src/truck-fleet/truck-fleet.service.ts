import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { CityPack } from '@urban-brain/city-pack';
import type { Logger } from '@urban-brain/common';
import type { TruckReading } from '@urban-brain/proto';
import type { SimulatorConfig } from '../config/simulator.config';
import { CITY_PACK, LOGGER, SIMULATOR_CONFIG } from '../core/core.tokens';
import { TruckFleetSimulator } from './truck-fleet.simulator';
import { TruckReadingsProducer } from './truck-readings.producer';

/** What the loop needs from Kafka; a fake in unit tests. */
export type TruckReadingsSink = Pick<TruckReadingsProducer, 'connect' | 'send'>;

export interface TruckFleetStats {
  running: boolean;
  connected: boolean;
  ticks: number;
  readingsSent: number;
  /** Tick slots skipped: a send was still in flight (slow or down broker), or the process woke up too late. */
  droppedTicks: number;
  sendFailures: number;
  lastDeliveredAtMs: number | null;
}

const PROGRESS_EVERY_MS = 10_000;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10_000;
// On shutdown, wait this long for a send still in flight before disconnecting anyway.
const DRAIN_TIMEOUT_MS = 5_000;

/**
 * Runs the fleet against the wall clock: tick k is due at start + k * interval, so
 * the rate never drifts however long a tick takes. At most one tick's readings are
 * in flight; while a send is pending or retrying (broker down) the slots that come
 * due are dropped and counted, so memory stays flat and per-truck seq has no gaps.
 */
@Injectable()
export class TruckFleetService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly fleet: TruckFleetSimulator;
  private readonly intervalMs: number;
  private readonly log: Logger;
  private running = false;
  private connected = false;
  private startMs = 0;
  private nextSlot = 0;
  private inFlight: Promise<void> | null = null;
  private tickTimer: NodeJS.Timeout | undefined;
  private progressTimer: NodeJS.Timeout | undefined;
  private wakeRetry: (() => void) | undefined;
  private readonly stats = { ticks: 0, readingsSent: 0, droppedTicks: 0, sendFailures: 0, lastDeliveredAtMs: null as number | null };
  private lastProgress = { atMs: 0, readingsSent: 0, droppedTicks: 0 };

  constructor(
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
    @Inject(CITY_PACK) pack: CityPack,
    @Inject(TruckReadingsProducer) private readonly sink: TruckReadingsSink,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.fleet = new TruckFleetSimulator({ trucks: config.SIM_TRUCKS, seed: config.SIM_SEED, pack });
    this.intervalMs = 1000 / config.SIM_RATE_HZ;
    this.log = logger.child({ context: TruckFleetService.name });
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.log.info(
      { trucks: this.fleet.size, rateHz: this.config.SIM_RATE_HZ, seed: this.config.SIM_SEED, topic: this.config.SIM_TOPIC },
      'simulation starting',
    );
    // The clock starts once the broker answers: a fleet that cannot report has nothing to simulate yet.
    void this.connectUntilStopped().then(() => {
      if (this.running) this.startClock();
    });
  }

  private startClock(): void {
    this.startMs = Date.now();
    this.nextSlot = 0;
    this.lastProgress = { atMs: this.startMs, readingsSent: 0, droppedTicks: 0 };
    this.scheduleNextTick();
    this.progressTimer = setInterval(() => this.logProgress(), PROGRESS_EVERY_MS);
    this.progressTimer.unref();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.tickTimer);
    clearInterval(this.progressTimer);
    this.wakeRetry?.();
    if (this.inFlight) {
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        this.inFlight.then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), DRAIN_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
      if (!drained) this.log.warn({ timeoutMs: DRAIN_TIMEOUT_MS }, 'a send was still in flight at shutdown');
    }
    this.log.info({ ...this.stats }, 'simulation stopped');
  }

  snapshot(): TruckFleetStats {
    return { running: this.running, connected: this.connected, ...this.stats };
  }

  get tickIntervalMs(): number {
    return this.intervalMs;
  }

  private scheduleNextTick(): void {
    const dueMs = this.startMs + this.nextSlot * this.intervalMs;
    this.tickTimer = setTimeout(() => this.onTick(), Math.max(0, dueMs - Date.now()));
  }

  private onTick(): void {
    if (!this.running) return;
    const now = Date.now();
    // The slot whose time has come; later than nextSlot when the event loop was held up.
    const slot = Math.max(this.nextSlot, Math.floor((now - this.startMs) / this.intervalMs));
    this.stats.droppedTicks += slot - this.nextSlot;
    this.nextSlot = slot + 1;

    if (this.inFlight) {
      this.stats.droppedTicks++;
    } else {
      // Readings carry the slot's time, not the timer's: exact intervals, reproducible streams.
      const readings = this.fleet.tick(this.startMs + slot * this.intervalMs);
      this.stats.ticks++;
      this.inFlight = this.deliver(readings).finally(() => (this.inFlight = null));
    }
    this.scheduleNextTick();
  }

  private async connectUntilStopped(): Promise<void> {
    for (let attempt = 1; this.running; attempt++) {
      try {
        await this.sink.connect();
        this.connected = true;
        this.log.info({ attempt }, 'connected to Kafka; simulation running');
        return;
      } catch (error) {
        this.log.warn({ attempt, error: (error as Error).message }, 'cannot connect to Kafka; retrying');
        await this.pause(backoffMs(attempt));
      }
    }
  }

  // Retries the same readings until they are delivered (kafkajs already retries
  // inside send; this covers what it gives up on). Holding on to them rather than
  // moving on keeps every truck's seq free of gaps.
  private async deliver(readings: TruckReading[]): Promise<void> {
    for (let attempt = 1; this.running; attempt++) {
      try {
        await this.sink.send(readings);
        this.stats.readingsSent += readings.length;
        this.stats.lastDeliveredAtMs = Date.now();
        if (attempt > 1) this.log.info({ attempt, droppedTicks: this.stats.droppedTicks }, 'delivering again');
        return;
      } catch (error) {
        this.stats.sendFailures++;
        this.log.warn({ attempt, readings: readings.length, droppedTicks: this.stats.droppedTicks, error: (error as Error).message }, 'send failed; retrying');
        await this.pause(backoffMs(attempt));
      }
    }
    this.log.warn({ readings: readings.length }, 'stopped before the readings were delivered');
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeRetry = done;
    });
  }

  private logProgress(): void {
    const now = Date.now();
    const seconds = (now - this.lastProgress.atMs) / 1000;
    const sent = this.stats.readingsSent - this.lastProgress.readingsSent;
    const dropped = this.stats.droppedTicks - this.lastProgress.droppedTicks;
    this.lastProgress = { atMs: now, readingsSent: this.stats.readingsSent, droppedTicks: this.stats.droppedTicks };
    const { collectedKg, deliveredToPlantKg } = this.fleet.snapshotTotals();
    const entry = {
      ...this.stats,
      readingsPerSecond: Math.round(sent / seconds),
      droppedTicksSinceLast: dropped,
      wasteCollectedT: Math.round(collectedKg / 100) / 10,
      wasteDeliveredToPlantT: Math.round(deliveredToPlantKg / 100) / 10,
    };
    if (dropped > 0) this.log.warn(entry, 'simulation progress: ticks dropped');
    else this.log.info(entry, 'simulation progress');
  }
}

function backoffMs(attempt: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (attempt - 1));
}
