import { Module } from '@nestjs/common';
import { TruckStateModule } from '../truck-state/truck-state.module';
import { TruckFeedService } from './truck-feed.service';
import { TruckReadingsConsumer } from './truck-readings.consumer';

@Module({
  imports: [TruckStateModule],
  providers: [TruckFeedService, TruckReadingsConsumer],
  exports: [TruckReadingsConsumer],
})
export class TruckFeedModule {}
