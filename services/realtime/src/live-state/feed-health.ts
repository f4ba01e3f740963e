import { create } from '@bufbuild/protobuf';
import { FeedConsumerState, FeedHealthSchema, FleetFeedHealthSchema, LIVE_LAYERS, type FeedHealth, type LiveLayer } from '@urban-brain/proto';
import type { FeedLimits } from '../config/realtime.config';

export interface FeedHealthOptions {
  stallAfterMs: number;
  layers: Record<LiveLayer, FeedLimits>;
}

interface LayerFeed {
  lastReceivedAtMs: number;
  newestRecordedAtMs: number;
}

/**
 * What the gateway knows about its own feed: per fleet, when it last read a
 * record and the newest device time among them; and how its Kafka consumer is
 * doing. A frame only proves the gateway is reachable (it sends frames from
 * held state whatever Kafka does); this lets the wall tell whether data still
 * flows. Facts only: the verdict (delayed, down) is the wall's, from the limits sent along.
 */
export class FeedHealthTracker {
  private readonly layers = new Map<LiveLayer, LayerFeed>(LIVE_LAYERS.map((layer) => [layer, { lastReceivedAtMs: 0, newestRecordedAtMs: 0 }]));
  private state = FeedConsumerState.CONNECTING;
  private problem = 'not joined yet';
  private activeAtMs = 0;
  private joinedAtMs = 0;

  constructor(private readonly options: FeedHealthOptions) {}

  /** A valid record of the layer was read from Kafka at receivedAtMs (gateway clock). */
  received(layer: LiveLayer, recordedAtMs: number, receivedAtMs: number): void {
    const feed = this.layers.get(layer)!;
    feed.lastReceivedAtMs = Math.max(feed.lastReceivedAtMs, receivedAtMs);
    feed.newestRecordedAtMs = Math.max(feed.newestRecordedAtMs, recordedAtMs);
    this.activeAtMs = Math.max(this.activeAtMs, receivedAtMs);
  }

  /** A fetch answered, a batch arrived or the group heartbeat went through: the broker is there. */
  active(atMs: number): void {
    this.activeAtMs = Math.max(this.activeAtMs, atMs);
  }

  joined(atMs: number): void {
    this.state = FeedConsumerState.CONSUMING;
    this.problem = '';
    this.joinedAtMs = atMs;
    this.activeAtMs = Math.max(this.activeAtMs, atMs);
  }

  connecting(problem: string): void {
    this.state = FeedConsumerState.CONNECTING;
    this.problem = problem;
  }

  crashed(problem: string): void {
    this.state = FeedConsumerState.CRASHED;
    this.problem = problem;
  }

  disconnected(): void {
    this.state = FeedConsumerState.DISCONNECTED;
    this.problem = 'disconnected from the broker';
  }

  /** Consuming, and heard from the broker within the stall limit. */
  isHealthy(nowMs: number): boolean {
    return this.state === FeedConsumerState.CONSUMING && nowMs - this.activeAtMs <= this.options.stallAfterMs;
  }

  /** Why the consumer is not healthy now, or null when it is. */
  problemAt(nowMs: number): string | null {
    if (this.state !== FeedConsumerState.CONSUMING) return this.problem;
    if (nowMs - this.activeAtMs > this.options.stallAfterMs) return `no fetch or heartbeat for ${Math.round((nowMs - this.activeAtMs) / 1000)} s`;
    return null;
  }

  snapshot(nowMs: number): FeedHealth {
    return create(FeedHealthSchema, {
      checkedAtMs: nowMs,
      consumerState: this.state,
      consumerActiveAtMs: this.activeAtMs,
      consumerJoinedAtMs: this.joinedAtMs,
      consumerProblem: this.problemAt(nowMs) ?? '',
      consumerStallAfterMs: this.options.stallAfterMs,
      fleets: LIVE_LAYERS.map((layer) => {
        const feed = this.layers.get(layer)!;
        const limits = this.options.layers[layer];
        return create(FleetFeedHealthSchema, {
          layer,
          lastReceivedAtMs: feed.lastReceivedAtMs,
          newestRecordedAtMs: feed.newestRecordedAtMs,
          delayedAfterMs: limits.delayedAfterMs,
          downAfterMs: limits.downAfterMs,
        });
      }),
    });
  }
}
