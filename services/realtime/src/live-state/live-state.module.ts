import { Module } from '@nestjs/common';
import { REALTIME_CONFIG, type RealtimeConfig } from '../config/realtime.config';
import { FleetLiveState } from './fleet-live-state';

// One live state per process: the Kafka feed writes it, the socket gateway reads it.
@Module({
  providers: [{ provide: FleetLiveState, inject: [REALTIME_CONFIG], useFactory: (config: RealtimeConfig) => new FleetLiveState(config.live.layers) }],
  exports: [FleetLiveState],
})
export class LiveStateModule {}
