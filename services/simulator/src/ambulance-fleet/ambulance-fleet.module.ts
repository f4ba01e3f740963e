import { Module } from '@nestjs/common';
import { AmbulanceFleetService } from './ambulance-fleet.service';

@Module({
  providers: [AmbulanceFleetService],
  exports: [AmbulanceFleetService],
})
export class AmbulanceFleetModule {}
