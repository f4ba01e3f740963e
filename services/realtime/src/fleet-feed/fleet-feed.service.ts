import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { REALTIME_CONFIG, type RealtimeConfig } from '../config/realtime.config';
import { LIVE_TABLES } from '../fleets/live-fleet.registry';
import type { LiveStream } from '../fleets/live-stream';
import { FeedHealthTracker } from '../live-state/feed-health';
import { FleetLiveState } from '../live-state/fleet-live-state';

// Refused records are not stored here (ingest dead-letters them); the gateway
// only counts them and logs a summary at most this often, so a bad producer
// cannot flood the log at 20k records/s.
const REFUSAL_LOG_EVERY_MS = 10_000;

/** Feeds accepted fleet messages into the live state and ages out silent entities. */
@Injectable()
export class FleetFeedService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(FleetFeedService.name);
  private sweepTimer: NodeJS.Timeout | undefined;
  private refusedSinceLog = 0;
  private lastRefusal = '';
  private lastRefusalLogAt = 0;

  constructor(
    private readonly state: FleetLiveState,
    private readonly health: FeedHealthTracker,
    @Inject(REALTIME_CONFIG) private readonly config: RealtimeConfig,
  ) {}

  onModuleInit(): void {
    // Sweep often enough that a removal shows within a few seconds of the shortest limit.
    const shortestStaleMs = Math.min(...LIVE_TABLES.map((table) => this.config.live.tables[table].staleAfterMs));
    const everyMs = Math.min(1_000, Math.max(100, shortestStaleMs / 4));
    this.sweepTimer = setInterval(() => this.removeStale(Date.now()), everyMs);
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweepTimer);
  }

  /** A message of the stream that decoded and passed its checks. */
  accept<Desc extends DescMessage>(stream: LiveStream<Desc>, message: MessageShape<Desc>, receivedAtMs: number): void {
    this.health.received(stream.layer, stream.descriptor.recordedAtMsOf(message), receivedAtMs);
    this.state.apply(stream, message, receivedAtMs);
  }

  refuse(reason: string, nowMs = Date.now()): void {
    this.refusedSinceLog++;
    this.lastRefusal = reason;
    if (nowMs - this.lastRefusalLogAt < REFUSAL_LOG_EVERY_MS) return;
    this.logger.warn(`refused ${this.refusedSinceLog} fleet message(s); latest: ${this.lastRefusal}`);
    this.refusedSinceLog = 0;
    this.lastRefusalLogAt = nowMs;
  }

  removeStale(nowMs: number): void {
    const removed = this.state.removeStale(nowMs);
    for (const table of LIVE_TABLES) {
      const count = removed[table].length;
      if (count > 0) this.logger.log(`removed ${count} silent ${table}, ${this.state.table(table).size} held`);
    }
  }
}
