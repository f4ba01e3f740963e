import { Module } from '@nestjs/common';
import { AmbulanceReadingsStream } from './ambulance-readings.stream';
import { AmbulancesRepository } from './ambulances.repository';
import { EmergencyCallsStream } from './emergency-calls.stream';

@Module({
  providers: [AmbulancesRepository, AmbulanceReadingsStream, EmergencyCallsStream],
  exports: [AmbulanceReadingsStream, EmergencyCallsStream],
})
export class AmbulancesModule {}
