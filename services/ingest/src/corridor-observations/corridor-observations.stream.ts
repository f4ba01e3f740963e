import { Inject, Injectable } from '@nestjs/common';
import { decodeCorridorObservation, findCorridorObservationProblem, type FleetDecodeResult } from '@urban-brain/common';
import type { CorridorObservation } from '@urban-brain/proto';
import type { FleetStream } from '../fleet-ingest/fleet-stream';
import { CorridorObservationsRepository } from './corridor-observations.repository';

/** Green-wave corridor performance: ub.corridor.observations.v1 -> corridor_observations. */
@Injectable()
export class CorridorObservationsStream implements FleetStream<CorridorObservation> {
  readonly name = 'corridor-observations';
  readonly messageName = 'CorridorObservation';
  readonly keyField = 'corridor_id';

  constructor(@Inject(CorridorObservationsRepository) private readonly repository: Pick<CorridorObservationsRepository, 'storeObservations'>) {}

  decode(value: Uint8Array, contentType: string | undefined): FleetDecodeResult<CorridorObservation> {
    return decodeCorridorObservation(value, contentType);
  }

  findProblem(observation: CorridorObservation, nowMs: number): string | null {
    return findCorridorObservationProblem(observation, nowMs);
  }

  keyOf(observation: CorridorObservation): string {
    return observation.corridorId;
  }

  identityOf(observation: CorridorObservation): string {
    return `${observation.corridorId} ${observation.recordedAtMs} ${observation.seq}`;
  }

  store(observations: readonly CorridorObservation[]): Promise<number> {
    return this.repository.storeObservations(observations);
  }
}
