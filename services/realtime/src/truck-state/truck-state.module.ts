import { Module } from '@nestjs/common';
import { REALTIME_CONFIG, type RealtimeConfig } from '../config/realtime.config';
import { TruckLiveState } from './truck-live-state';

// One live state per process: the Kafka feed writes it, the socket gateway reads it.
@Module({
  providers: [
    {
      provide: TruckLiveState,
      inject: [REALTIME_CONFIG],
      useFactory: (config: RealtimeConfig) =>
        new TruckLiveState({ staleAfterMs: config.live.staleAfterMs, maxTrucks: config.live.maxTrucks }),
    },
  ],
  exports: [TruckLiveState],
})
export class TruckStateModule {}
