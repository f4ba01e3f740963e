import type { AlertEngine } from '../engine/alert-engine';
import type { AlertBook } from './alert-book';
import type { TimedObservation } from './timed-observation';

const TICK_MS = 1_000;
// As AlertEvaluationService: the rules' clock runs at most this far ahead of the newest reading.
const CLOCK_AHEAD_OF_DATA_MS = 10_000;

/**
 * Drives a dry-run engine over recorded observations the way AlertEvaluationService drives the live
 * one: each observation in arrival order, and a tick every second of the arrival clock, held at most
 * CLOCK_AHEAD_OF_DATA_MS ahead of the newest reading's device time. Signals go to the AlertBook,
 * nowhere else: no store, no outbox, no topic.
 */
export class BacktestReplay {
  private nextTickMs = 0;
  private lastEventMs = 0;
  events = 0;
  positionMs: number;

  constructor(
    private readonly engine: AlertEngine,
    private readonly book: AlertBook,
    private readonly fromMs: number,
  ) {
    this.positionMs = fromMs;
  }

  feed(batch: readonly TimedObservation[]): void {
    const engine = this.engine;
    for (let i = 0; i < batch.length; i++) {
      const { observation, clockMs } = batch[i]!;
      this.advanceTo(clockMs);
      if (observation.atMs > this.lastEventMs) this.lastEventMs = observation.atMs;
      const signals = engine.observe(observation);
      if (signals.length > 0) this.book.apply(signals, this.fromMs);
    }
    this.events += batch.length;
    if (batch.length > 0) this.positionMs = Math.max(this.positionMs, batch[batch.length - 1]!.clockMs);
  }

  /** The end of the window: the clock runs on to it (as far as the data lets it). */
  finish(toMs: number): void {
    this.advanceTo(toMs);
    this.positionMs = toMs;
  }

  private advanceTo(clockMs: number): void {
    if (this.nextTickMs === 0) this.nextTickMs = Math.ceil(clockMs / TICK_MS) * TICK_MS;
    if (this.lastEventMs === 0) return;
    const until = Math.min(clockMs, this.lastEventMs + CLOCK_AHEAD_OF_DATA_MS);
    while (this.nextTickMs <= until) {
      const signals = this.engine.tick(this.nextTickMs);
      if (signals.length > 0) this.book.apply(signals, this.fromMs);
      this.nextTickMs += TICK_MS;
    }
    // Past a silence the live clock stood at the newest reading + 10 s; it goes on from the next second now.
    if (this.nextTickMs <= clockMs) this.nextTickMs = Math.floor(clockMs / TICK_MS) * TICK_MS + TICK_MS;
  }
}
