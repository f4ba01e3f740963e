import type { Logger } from '@urban-brain/common';

/** Stops and restarts fetching; the consumer pauses and resumes every topic it reads. */
export interface FetchSwitch {
  pause(): void;
  resume(): void;
}

/** What one batch's write needs from its consumer while it waits. */
export interface WriteContext {
  /** Tells the group this member is alive (kafkajs has no background heartbeat). */
  keepAlive(): Promise<void>;
  /** False once the consumer is stopping: a failed write is then given up, its batch left uncommitted. */
  isRunning(): boolean;
  /** Where the batch came from, for the logs. */
  origin: Record<string, unknown>;
}

export interface BackpressureStatus {
  paused: boolean;
  pausedSinceMs: number | null;
  /** Why the consumer is paused: the first slow or failed write that is still unresolved. */
  reason: string | null;
  /** Times the consumer was paused since the process started. */
  pauses: number;
  slowWrites: number;
  failedWrites: number;
}

export interface BackpressureOptions {
  /** A write running longer than this pauses fetching. */
  slowWriteMs: number;
  /** Longest wait between two attempts of a failed write. */
  retryMaxMs: number;
}

const FIRST_RETRY_MS = 200;
// How often a waiting write heartbeats and re-checks its duration; kafkajs throttles the
// heartbeats themselves to its heartbeatInterval.
const TICK_MS = 1_000;

type Settled<T> = { ok: true; value: T } | { ok: false; error: Error };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Backpressure for ingest's database writes. kafkajs fetches again only when every batch of
 * the last fetch is written, so memory is already bounded by one fetch; what it lacks is a way
 * to wait for a database that is slow or down without leaving the group (a write longer than
 * the session timeout would get the member evicted) or crashing and refetching in a loop.
 * Here a write that runs longer than slowWriteMs, or fails, pauses fetching on every topic;
 * the write keeps heartbeating while it waits, a failed write is retried with backoff, and
 * fetching resumes once no write is slow or failing any more.
 * A write the database refuses because of its rows (SQLSTATE class 22 or 23) does not fail here:
 * FleetIngestService bisects it and dead-letters those rows, so one bad row cannot hold the stream.
 */
export class WriteBackpressure {
  // Writes that are slow or failing right now, by token, with the reason.
  private readonly troubled = new Map<number, string>();
  private nextToken = 0;
  private readonly status: BackpressureStatus = { paused: false, pausedSinceMs: null, reason: null, pauses: 0, slowWrites: 0, failedWrites: 0 };

  constructor(
    private readonly options: BackpressureOptions,
    private readonly fetching: FetchSwitch,
    private readonly log: Logger,
  ) {}

  getStatus(): BackpressureStatus {
    return { ...this.status };
  }

  /** Runs `attempt` until it succeeds, or until the consumer stops (then its last error is thrown). */
  async write<T>(attempt: () => Promise<T>, context: WriteContext): Promise<T> {
    const token = this.nextToken++;
    let retryMs = FIRST_RETRY_MS;
    try {
      for (let attempts = 1; ; attempts++) {
        const outcome = await this.waitWhileAlive(token, attempt(), context);
        if (outcome.ok) {
          this.clearTroubled(token, context);
          return outcome.value;
        }
        this.status.failedWrites++;
        this.markTroubled(token, `database write failed: ${outcome.error.message}`, context);
        if (!context.isRunning()) throw outcome.error;
        this.log.warn({ ...context.origin, attempts, retryInMs: retryMs, error: outcome.error.message }, 'database write failed; retrying while the consumer is paused');
        await this.sleepAlive(retryMs, context);
        if (!context.isRunning()) throw outcome.error;
        retryMs = Math.min(retryMs * 2, this.options.retryMaxMs);
      }
    } finally {
      // A write given up at shutdown leaves the consumer paused: it is stopping anyway.
      this.troubled.delete(token);
    }
  }

  // Waits for the write, heartbeating every tick; past slowWriteMs it counts as slow and pauses fetching.
  private async waitWhileAlive<T>(token: number, write: Promise<T>, context: WriteContext): Promise<Settled<T>> {
    const startedAt = Date.now();
    const settled = write.then(
      (value): Settled<T> => ({ ok: true, value }),
      (error: unknown): Settled<T> => ({ ok: false, error: error instanceof Error ? error : new Error(String(error)) }),
    );
    let slow = false;
    for (;;) {
      const runningMs = Date.now() - startedAt;
      const untilSlowMs = slow ? TICK_MS : Math.max(0, this.options.slowWriteMs - runningMs);
      const outcome = await Promise.race([settled, sleep(Math.min(TICK_MS, untilSlowMs)).then(() => undefined)]);
      if (outcome) return outcome;
      const elapsedMs = Date.now() - startedAt;
      if (!slow && elapsedMs >= this.options.slowWriteMs) {
        slow = true;
        this.status.slowWrites++;
        this.markTroubled(token, `database write running longer than ${this.options.slowWriteMs} ms`, context);
      }
      await this.keepAlive(context);
    }
  }

  private async sleepAlive(ms: number, context: WriteContext): Promise<void> {
    for (let leftMs = ms; leftMs > 0 && context.isRunning(); leftMs -= TICK_MS) {
      await sleep(Math.min(TICK_MS, leftMs));
      await this.keepAlive(context);
    }
  }

  private async keepAlive(context: WriteContext): Promise<void> {
    // A failed heartbeat (a rebalance under way) is not the write's business: the commit after it
    // fails instead, and the batch is redelivered and skipped row by row.
    await context.keepAlive().catch((error: unknown) => this.log.debug({ ...context.origin, error: (error as Error).message }, 'heartbeat while waiting for the database failed'));
  }

  private markTroubled(token: number, reason: string, context: WriteContext): void {
    this.troubled.set(token, reason);
    if (this.status.paused) return;
    this.fetching.pause();
    Object.assign(this.status, { paused: true, pausedSinceMs: Date.now(), reason, pauses: this.status.pauses + 1 });
    this.log.warn({ ...context.origin, reason, writesWaiting: this.troubled.size }, 'database falling behind; consumer paused');
  }

  private clearTroubled(token: number, context: WriteContext): void {
    if (!this.troubled.delete(token)) return;
    if (!this.status.paused) return;
    const [stillTroubled] = this.troubled.values();
    if (stillTroubled !== undefined) {
      this.status.reason = stillTroubled;
      return;
    }
    const pausedForMs = Date.now() - (this.status.pausedSinceMs ?? Date.now());
    Object.assign(this.status, { paused: false, pausedSinceMs: null, reason: null });
    this.fetching.resume();
    this.log.info({ ...context.origin, pausedForMs, failedWrites: this.status.failedWrites }, 'database caught up; consumer resumed');
  }
}
