import { Module } from '@nestjs/common';
import { DeadLetterModule } from '../dead-letter/dead-letter.module';
import { TruckReadingsConsumer } from './truck-readings.consumer';
import { TruckReadingsConsumerHealth } from './truck-readings.health';
import { TruckReadingsRepository } from './truck-readings.repository';
import { TruckReadingsService } from './truck-readings.service';

@Module({
  imports: [DeadLetterModule],
  providers: [TruckReadingsRepository, TruckReadingsService, TruckReadingsConsumer, TruckReadingsConsumerHealth],
  exports: [TruckReadingsService, TruckReadingsConsumerHealth],
})
export class TruckReadingsModule {}
