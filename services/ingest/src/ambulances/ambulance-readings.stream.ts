import { Inject, Injectable } from '@nestjs/common';
import { AMBULANCE_READINGS } from '@urban-brain/common';
import type { AmbulanceReading, AmbulanceReadingSchema } from '@urban-brain/proto';
import { DescribedFleetStream } from '../fleet-ingest/fleet-stream';
import { AmbulancesRepository } from './ambulances.repository';

/** "120" ambulance fixes: ub.ambulance.readings.v1 -> ambulance_readings. */
@Injectable()
export class AmbulanceReadingsStream extends DescribedFleetStream<typeof AmbulanceReadingSchema> {
  constructor(@Inject(AmbulancesRepository) private readonly repository: Pick<AmbulancesRepository, 'storeReadings'>) {
    super(AMBULANCE_READINGS);
  }

  store(readings: readonly AmbulanceReading[]): Promise<number> {
    return this.repository.storeReadings(readings);
  }
}
