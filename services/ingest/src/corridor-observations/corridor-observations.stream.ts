import { Inject, Injectable } from '@nestjs/common';
import { CORRIDOR_OBSERVATIONS } from '@urban-brain/common';
import type { CorridorObservation, CorridorObservationSchema } from '@urban-brain/proto';
import { DescribedFleetStream } from '../fleet-ingest/fleet-stream';
import { CorridorObservationsRepository } from './corridor-observations.repository';

/** Green-wave corridor performance: ub.corridor.observations.v1 -> corridor_observations. */
@Injectable()
export class CorridorObservationsStream extends DescribedFleetStream<typeof CorridorObservationSchema> {
  constructor(@Inject(CorridorObservationsRepository) private readonly repository: Pick<CorridorObservationsRepository, 'storeObservations'>) {
    super(CORRIDOR_OBSERVATIONS);
  }

  store(observations: readonly CorridorObservation[]): Promise<number> {
    return this.repository.storeObservations(observations);
  }
}
