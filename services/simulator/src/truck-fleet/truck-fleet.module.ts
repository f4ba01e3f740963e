import { Module } from '@nestjs/common';
import { TruckFleetHealth } from './truck-fleet.health';
import { TruckFleetService } from './truck-fleet.service';
import { TruckReadingsProducer } from './truck-readings.producer';

@Module({
  providers: [TruckReadingsProducer, TruckFleetService, TruckFleetHealth],
  exports: [TruckFleetHealth],
})
export class TruckFleetModule {}
