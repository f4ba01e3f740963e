import type { HealthCheck, Logger } from '@urban-brain/common';

/** Where a fleet's messages go; a Kafka producer in the service, a fake in unit specs. */
export interface FleetSink<M> {
  connect(): Promise<void>;
  send(messages: readonly M[]): Promise<void>;
}

export interface FleetClockLoopOptions<M> {
  /** Fleet name for logs and health ("bikes", "boats"). */
  fleet: string;
  intervalMs: number;
  /**
   * Simulated seconds per wall second. At 1 the fleet runs on the wall clock; above 1 a day
   * passes in minutes (tests, demos) and messages are stamped with the wall time of their tick,
   * so consumers still see a live stream that is never in the future.
   */
  timeScale: number;
  /** Advances the fleet to simMs and returns what it has to report (may be empty). */
  tick: (simMs: number) => M[];
  /** Rewrites a message's device time; used only when timeScale is not 1. */
  stamp: (message: M, wallMs: number) => void;
  sink: FleetSink<M>;
  logger: Logger;
  progressEveryMs?: number;
  /** Most messages in one send; a bigger tick (the bikes' first, announcing the whole fleet) goes in several. */
  maxBatch?: number;
  /**
   * When, after its tick's time, the device took a message (0 <= offset < intervalMs). Real devices
   * each report at their own moment within the second rather than all at once; a message is sent
   * only once its moment has passed. Without it every message of a tick is sent at the tick.
   */
  offsetOf?: (message: M) => number;
  /** Sends per tick when messages have offsets: each carries the messages whose moment has come. */
  sendsPerTick?: number;
  /** The fleet's own figures for the progress log line (the trucks' tonnage). */
  progressDetails?: () => Record<string, unknown>;
}

export interface FleetLoopStats {
  running: boolean;
  connected: boolean;
  ticks: number;
  messagesSent: number;
  /** Tick slots skipped because a send was still in flight or the process woke up late. */
  droppedTicks: number;
  sendFailures: number;
  /** Last tick whose messages (possibly none) were all delivered. */
  lastDeliveredAtMs: number | null;
}

// Well under the broker's 1 MB request limit for ~100-byte records.
const DEFAULT_MAX_BATCH = 2_000;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10_000;
const DRAIN_TIMEOUT_MS = 5_000;
// A fleet that has not completed a tick for a few intervals (and at least 15 s) is unhealthy.
const MIN_STALE_AFTER_MS = 15_000;
const STALE_AFTER_TICKS = 3;

/** A message waiting for its moment, with the tick it came from. */
interface Pending<M> {
  message: M;
  dueMs: number;
  slot: number;
}

/**
 * Every fleet's clock: tick k is due at start + k * interval on the wall clock, and each tick is
 * sent in sendsPerTick steps, every message once its device moment (tick time + offset) has
 * passed. One send is in flight at a time; a tick is dropped and counted when messages of the tick
 * before the previous one are still unsent (memory stays within two ticks), and undelivered
 * messages are retried, never skipped, so per-device seq has no gaps.
 */
export class FleetClockLoop<M> {
  private running = false;
  private connected = false;
  private startMs = 0;
  private nextStep = 0;
  private lastSlot = -1;
  private pending: Pending<M>[] = [];
  /** The oldest tick among the messages being sent, while a send is in flight. */
  private inFlightSlot: number | null = null;
  private inFlight: Promise<void> | null = null;
  private tickTimer: NodeJS.Timeout | undefined;
  private progressTimer: NodeJS.Timeout | undefined;
  private wakeRetry: (() => void) | undefined;
  private readonly stats = { ticks: 0, messagesSent: 0, droppedTicks: 0, sendFailures: 0, lastDeliveredAtMs: null as number | null };
  private lastProgress = { atMs: 0, messagesSent: 0, droppedTicks: 0 };
  private readonly log: Logger;

  constructor(private readonly options: FleetClockLoopOptions<M>) {
    if (!(options.intervalMs > 0)) throw new RangeError(`intervalMs must be above 0 (got ${options.intervalMs})`);
    if (!(options.timeScale > 0)) throw new RangeError(`timeScale must be above 0 (got ${options.timeScale})`);
    const sends = options.sendsPerTick ?? 1;
    if (!Number.isInteger(sends) || sends < 1) throw new RangeError(`sendsPerTick must be a positive integer (got ${sends})`);
    this.log = options.logger.child({ context: `FleetClockLoop:${options.fleet}` });
  }

  get intervalMs(): number {
    return this.options.intervalMs;
  }

  start(details: Record<string, unknown> = {}): void {
    if (this.running) return;
    this.running = true;
    this.log.info({ fleet: this.options.fleet, intervalMs: this.options.intervalMs, timeScale: this.options.timeScale, ...details }, 'simulation starting');
    // The clock starts once the broker answers: a fleet that cannot report has nothing to simulate yet.
    void this.connectUntilStopped().then(() => {
      if (this.running) this.startClock();
    });
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
      if (!drained) this.log.warn({ fleet: this.options.fleet, timeoutMs: DRAIN_TIMEOUT_MS }, 'a send was still in flight at shutdown');
    }
    this.log.info({ fleet: this.options.fleet, ...this.stats }, 'simulation stopped');
  }

  snapshot(): FleetLoopStats {
    return { running: this.running, connected: this.connected, ...this.stats };
  }

  /** One check named after the fleet: the loop runs, the broker is connected, ticks are delivered. */
  healthCheck(): HealthCheck {
    return { name: this.options.fleet, check: async () => this.checkHealth() };
  }

  private checkHealth(now = Date.now()): void {
    const { running, connected, lastDeliveredAtMs } = this.snapshot();
    if (!running) throw new Error('the simulation loop is stopped');
    if (!connected) throw new Error('not connected to Kafka yet');
    if (lastDeliveredAtMs === null) throw new Error('no tick delivered yet');
    const staleAfterMs = Math.max(MIN_STALE_AFTER_MS, STALE_AFTER_TICKS * this.options.intervalMs);
    const ageMs = now - lastDeliveredAtMs;
    if (ageMs > staleAfterMs) throw new Error(`last delivery ${Math.round(ageMs / 1000)} s ago`);
  }

  private get sendsPerTick(): number {
    return this.options.offsetOf ? (this.options.sendsPerTick ?? 1) : 1;
  }

  private get stepMs(): number {
    return this.options.intervalMs / this.sendsPerTick;
  }

  private startClock(): void {
    this.startMs = Date.now();
    this.nextStep = 0;
    this.lastSlot = -1;
    this.lastProgress = { atMs: this.startMs, messagesSent: 0, droppedTicks: 0 };
    this.scheduleNextStep();
    this.progressTimer = setInterval(() => this.logProgress(), this.options.progressEveryMs ?? 10_000);
    this.progressTimer.unref();
  }

  private scheduleNextStep(): void {
    const dueMs = this.startMs + this.nextStep * this.stepMs;
    this.tickTimer = setTimeout(() => this.onStep(), Math.max(0, dueMs - Date.now()));
  }

  private onStep(): void {
    if (!this.running) return;
    // The step whose time has come; later than nextStep when the event loop was held up.
    const step = Math.max(this.nextStep, Math.floor((Date.now() - this.startMs) / this.stepMs));
    this.nextStep = step + 1;
    const slot = Math.floor(step / this.sendsPerTick);
    if (slot > this.lastSlot) {
      // The first step of a tick (its own, or a later one if the process woke up late).
      this.stats.droppedTicks += slot - this.lastSlot - 1;
      this.lastSlot = slot;
      // Broker slow or down: while a send is stuck, no more than two ticks are held.
      if (this.inFlight && this.oldestUnsentSlot() <= slot - 2) this.stats.droppedTicks++;
      else this.tickSlot(slot);
    }
    // The step's time, not the timer's: exact intervals, reproducible streams.
    // A step with nothing due still "delivers" (nothing), so a quiet fleet reads as healthy.
    if (!this.inFlight) this.sendDue(this.startMs + step * this.stepMs, true);
    this.scheduleNextStep();
  }

  private sendDue(nowMs: number, evenIfNone = false): void {
    const due = this.takeDue(nowMs);
    if (due.length === 0 && !evenIfNone) return;
    this.inFlightSlot = due[0]?.slot ?? null;
    this.inFlight = this.deliver(due.map((p) => p.message)).finally(() => {
      this.inFlight = null;
      this.inFlightSlot = null;
      // A send that outlasted its step leaves readings due: send them now rather than idle until
      // the next step, so a slow broker round trip costs its own time, not that rounded up to a step.
      if (this.running) this.sendDue(Date.now());
    });
  }

  private tickSlot(slot: number): void {
    const { intervalMs, timeScale, offsetOf } = this.options;
    const wallMs = this.startMs + slot * intervalMs;
    const simMs = this.startMs + (wallMs - this.startMs) * timeScale;
    const messages = this.options.tick(simMs);
    const timed = messages.map((message) => {
      const offsetMs = offsetOf ? Math.min(intervalMs - 1e-3, Math.max(0, offsetOf(message))) : 0;
      if (timeScale !== 1) this.options.stamp(message, wallMs + offsetMs);
      return { message, dueMs: wallMs + offsetMs, slot };
    });
    // Stable: equal moments keep the tick's order. Later ticks' moments are never earlier.
    timed.sort((a, b) => a.dueMs - b.dueMs);
    for (const entry of timed) this.pending.push(entry);
    this.stats.ticks++;
  }

  private takeDue(nowMs: number): Pending<M>[] {
    let count = 0;
    // The tolerance absorbs float error when moments fall exactly on steps (a third of a second, ...).
    while (count < this.pending.length && this.pending[count]!.dueMs <= nowMs + 1e-6) count++;
    return this.pending.splice(0, count);
  }

  private oldestUnsentSlot(): number {
    return Math.min(this.pending[0]?.slot ?? Infinity, this.inFlightSlot ?? Infinity);
  }

  private async connectUntilStopped(): Promise<void> {
    for (let attempt = 1; this.running; attempt++) {
      try {
        await this.options.sink.connect();
        this.connected = true;
        this.log.info({ fleet: this.options.fleet, attempt }, 'connected to Kafka; simulation running');
        return;
      } catch (error) {
        this.log.warn({ fleet: this.options.fleet, attempt, error: (error as Error).message }, 'cannot connect to Kafka; retrying');
        await this.pause(backoffMs(attempt));
      }
    }
  }

  // A quiet tick (bikes at night) still counts as delivered: the loop is alive.
  private async deliver(messages: M[]): Promise<void> {
    const maxBatch = this.options.maxBatch ?? DEFAULT_MAX_BATCH;
    for (let from = 0; from < messages.length && this.running; from += maxBatch) {
      if (!(await this.deliverBatch(messages.slice(from, from + maxBatch)))) return;
    }
    if (this.running) this.stats.lastDeliveredAtMs = Date.now();
  }

  // Each batch is retried on its own, so a failure never sends an earlier batch twice.
  private async deliverBatch(messages: M[]): Promise<boolean> {
    for (let attempt = 1; this.running; attempt++) {
      try {
        await this.options.sink.send(messages);
        this.stats.messagesSent += messages.length;
        if (attempt > 1) this.log.info({ fleet: this.options.fleet, attempt, droppedTicks: this.stats.droppedTicks }, 'delivering again');
        return true;
      } catch (error) {
        this.stats.sendFailures++;
        this.log.warn(
          { fleet: this.options.fleet, attempt, messages: messages.length, droppedTicks: this.stats.droppedTicks, error: (error as Error).message },
          'send failed; retrying',
        );
        await this.pause(backoffMs(attempt));
      }
    }
    this.log.warn({ fleet: this.options.fleet, messages: messages.length }, 'stopped before the messages were delivered');
    return false;
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
    const sent = this.stats.messagesSent - this.lastProgress.messagesSent;
    const dropped = this.stats.droppedTicks - this.lastProgress.droppedTicks;
    this.lastProgress = { atMs: now, messagesSent: this.stats.messagesSent, droppedTicks: this.stats.droppedTicks };
    const entry = { fleet: this.options.fleet, ...this.stats, ...this.options.progressDetails?.(), eventsPerSecond: Math.round((sent / seconds) * 10) / 10, droppedTicksSinceLast: dropped };
    if (dropped > 0) this.log.warn(entry, 'simulation progress: ticks dropped');
    else this.log.info(entry, 'simulation progress');
  }
}

function backoffMs(attempt: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (attempt - 1));
}
