import { Module } from '@nestjs/common';
import { TruckStateModule } from '../truck-state/truck-state.module';
import { LiveGateway } from './live.gateway';
import { LiveSocketService } from './live-socket.service';

@Module({
  imports: [TruckStateModule],
  providers: [LiveGateway, LiveSocketService],
})
export class LiveSocketModule {}
