/**
 * A token bucket of events a second shared by every fleet's backfill: the past goes to Kafka no
 * faster than ingest and the gateway digest it beside the live stream, so the live layers stay live.
 */
export class EventRateLimiter {
  private tokens: number;
  private lastMs: number;

  constructor(
    private readonly eventsPerSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.tokens = eventsPerSecond / 10;
    this.lastMs = now();
  }

  /** Waits until `events` may go (a batch bigger than a second's worth waits for its share). */
  async take(events: number): Promise<void> {
    this.refill();
    this.tokens -= events;
    while (this.tokens < 0) {
      await this.sleep(Math.max(5, Math.ceil((-this.tokens / this.eventsPerSecond) * 1000)));
      this.refill();
    }
  }

  private refill(): void {
    const now = this.now();
    // At most a tenth of a second's burst is saved up.
    this.tokens = Math.min(this.eventsPerSecond / 10, this.tokens + ((now - this.lastMs) / 1000) * this.eventsPerSecond);
    this.lastMs = now;
  }
}
