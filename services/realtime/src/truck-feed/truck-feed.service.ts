import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { TruckReading } from '@urban-brain/proto';
import { REALTIME_CONFIG, type RealtimeConfig } from '../config/realtime.config';
import { TruckLiveState } from '../truck-state/truck-live-state';

// Refused records are not stored here (ingest dead-letters them); the gateway
// only counts them and logs a summary at most this often, so a bad producer
// cannot flood the log at 20k records/s.
const REFUSAL_LOG_EVERY_MS = 10_000;

/** Feeds Kafka readings into the live state and ages out silent trucks. */
@Injectable()
export class TruckFeedService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TruckFeedService.name);
  private sweepTimer: NodeJS.Timeout | undefined;
  private refusedSinceLog = 0;
  private lastRefusal = '';
  private lastRefusalLogAt = 0;

  constructor(
    private readonly state: TruckLiveState,
    @Inject(REALTIME_CONFIG) private readonly config: RealtimeConfig,
  ) {}

  onModuleInit(): void {
    // Sweep often enough that a removal shows within a few seconds of the limit.
    const everyMs = Math.min(1_000, Math.max(100, this.config.live.staleAfterMs / 4));
    this.sweepTimer = setInterval(() => this.removeStale(Date.now()), everyMs);
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweepTimer);
  }

  accept(reading: TruckReading, receivedAtMs: number): void {
    this.state.apply(reading, receivedAtMs);
  }

  refuse(reason: string, nowMs = Date.now()): void {
    this.refusedSinceLog++;
    this.lastRefusal = reason;
    if (nowMs - this.lastRefusalLogAt < REFUSAL_LOG_EVERY_MS) return;
    this.logger.warn(`refused ${this.refusedSinceLog} truck reading(s); latest: ${this.lastRefusal}`);
    this.refusedSinceLog = 0;
    this.lastRefusalLogAt = nowMs;
  }

  removeStale(nowMs: number): string[] {
    const removed = this.state.removeStale(nowMs);
    if (removed.length > 0) this.logger.log(`removed ${removed.length} silent truck(s), ${this.state.size} live`);
    return removed;
  }
}
