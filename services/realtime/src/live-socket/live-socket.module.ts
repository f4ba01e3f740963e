import { Module } from '@nestjs/common';
import { REALTIME_CONFIG, type RealtimeConfig } from '../config/realtime.config';
import { AlertFeedConsumer } from '../alerts/alert-feed.consumer';
import { LiveStateModule } from '../live-state/live-state.module';
import { LiveGateway } from './live.gateway';
import { LIVE_VIEW_OPTIONS, LiveSocketService } from './live-socket.service';

@Module({
  imports: [LiveStateModule],
  providers: [
    LiveGateway,
    AlertFeedConsumer,
    LiveSocketService,
    { provide: LIVE_VIEW_OPTIONS, inject: [REALTIME_CONFIG], useFactory: (config: RealtimeConfig) => config.live.view },
  ],
})
export class LiveSocketModule {}
