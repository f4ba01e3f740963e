import { Module } from '@nestjs/common';
import { BoatFleetService } from './boat-fleet.service';

@Module({
  providers: [BoatFleetService],
  exports: [BoatFleetService],
})
export class BoatFleetModule {}
