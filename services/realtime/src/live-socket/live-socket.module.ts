import { Module } from '@nestjs/common';
import { LiveStateModule } from '../live-state/live-state.module';
import { LiveGateway } from './live.gateway';
import { LiveSocketService } from './live-socket.service';

@Module({
  imports: [LiveStateModule],
  providers: [LiveGateway, LiveSocketService],
})
export class LiveSocketModule {}
