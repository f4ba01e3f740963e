import { Module } from '@nestjs/common';
import { REALTIME_CONFIG, type RealtimeConfig } from '../config/realtime.config';
import { FeedHealthTracker } from './feed-health';
import { FleetLiveState } from './fleet-live-state';

// One live state per process: the Kafka feed writes it, the socket gateway reads it.
// The same for the feed's health: the consumer reports to it, frames carry it.
@Module({
  providers: [
    { provide: FleetLiveState, inject: [REALTIME_CONFIG], useFactory: (config: RealtimeConfig) => new FleetLiveState(config.live.tables) },
    { provide: FeedHealthTracker, inject: [REALTIME_CONFIG], useFactory: (config: RealtimeConfig) => new FeedHealthTracker(config.feed) },
  ],
  exports: [FleetLiveState, FeedHealthTracker],
})
export class LiveStateModule {}
