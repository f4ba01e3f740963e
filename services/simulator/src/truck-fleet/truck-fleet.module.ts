import { Module } from '@nestjs/common';
import { TruckFleetService } from './truck-fleet.service';

@Module({
  providers: [TruckFleetService],
  exports: [TruckFleetService],
})
export class TruckFleetModule {}
