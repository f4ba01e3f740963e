import { Module } from '@nestjs/common';
import { BoatReadingsRepository } from './boat-readings.repository';
import { BoatReadingsStream } from './boat-readings.stream';

@Module({
  providers: [BoatReadingsRepository, BoatReadingsStream],
  exports: [BoatReadingsStream],
})
export class BoatReadingsModule {}
