import { Module } from '@nestjs/common';
import { BikeFleetService } from './bike-fleet.service';

@Module({
  providers: [BikeFleetService],
  exports: [BikeFleetService],
})
export class BikeFleetModule {}
