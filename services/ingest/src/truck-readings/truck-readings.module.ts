import { Module } from '@nestjs/common';
import { TruckReadingsRepository } from './truck-readings.repository';
import { TruckReadingsStream } from './truck-readings.stream';

@Module({
  providers: [TruckReadingsRepository, TruckReadingsStream],
  exports: [TruckReadingsStream],
})
export class TruckReadingsModule {}
