import { Inject, Injectable } from '@nestjs/common';
import { TRUCK_READINGS } from '@urban-brain/common';
import type { TruckReading, TruckReadingSchema } from '@urban-brain/proto';
import { DescribedFleetStream } from '../fleet-ingest/fleet-stream';
import { TruckReadingsRepository } from './truck-readings.repository';

/** Sanitation truck GPS readings: ub.truck.readings.v1 -> truck_readings. */
@Injectable()
export class TruckReadingsStream extends DescribedFleetStream<typeof TruckReadingSchema> {
  constructor(@Inject(TruckReadingsRepository) private readonly repository: Pick<TruckReadingsRepository, 'storeReadings'>) {
    super(TRUCK_READINGS);
  }

  store(readings: readonly TruckReading[]): Promise<number> {
    return this.repository.storeReadings(readings);
  }
}
