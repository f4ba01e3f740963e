import { Inject, Injectable } from '@nestjs/common';
import { decodeTruckReading, findTruckReadingProblem, type FleetDecodeResult } from '@urban-brain/common';
import type { TruckReading } from '@urban-brain/proto';
import type { FleetStream } from '../fleet-ingest/fleet-stream';
import { TruckReadingsRepository } from './truck-readings.repository';

/** Sanitation truck GPS readings: ub.truck.readings.v1 -> truck_readings. */
@Injectable()
export class TruckReadingsStream implements FleetStream<TruckReading> {
  readonly name = 'truck-readings';
  readonly messageName = 'TruckReading';
  readonly keyField = 'truck_id';

  constructor(@Inject(TruckReadingsRepository) private readonly repository: Pick<TruckReadingsRepository, 'storeReadings'>) {}

  decode(value: Uint8Array, contentType: string | undefined): FleetDecodeResult<TruckReading> {
    return decodeTruckReading(value, contentType);
  }

  findProblem(reading: TruckReading, nowMs: number): string | null {
    return findTruckReadingProblem(reading, nowMs);
  }

  keyOf(reading: TruckReading): string {
    return reading.truckId;
  }

  // Truck ids cannot contain a space.
  identityOf(reading: TruckReading): string {
    return `${reading.truckId} ${reading.recordedAtMs} ${reading.seq}`;
  }

  store(readings: readonly TruckReading[]): Promise<number> {
    return this.repository.storeReadings(readings);
  }
}
