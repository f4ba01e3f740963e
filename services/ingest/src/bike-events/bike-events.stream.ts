import { Inject, Injectable } from '@nestjs/common';
import { decodeBikeEvent, findBikeEventProblem, type FleetDecodeResult } from '@urban-brain/common';
import type { BikeEvent } from '@urban-brain/proto';
import type { FleetStream } from '../fleet-ingest/fleet-stream';
import { BikeEventsRepository } from './bike-events.repository';

/** Shared-bike state changes: ub.bike.events.v1 -> bike_events. */
@Injectable()
export class BikeEventsStream implements FleetStream<BikeEvent> {
  readonly name = 'bike-events';
  readonly messageName = 'BikeEvent';
  readonly keyField = 'bike_id';

  constructor(@Inject(BikeEventsRepository) private readonly repository: Pick<BikeEventsRepository, 'storeEvents'>) {}

  decode(value: Uint8Array, contentType: string | undefined): FleetDecodeResult<BikeEvent> {
    return decodeBikeEvent(value, contentType);
  }

  findProblem(event: BikeEvent, nowMs: number): string | null {
    return findBikeEventProblem(event, nowMs);
  }

  keyOf(event: BikeEvent): string {
    return event.bikeId;
  }

  identityOf(event: BikeEvent): string {
    return `${event.bikeId} ${event.recordedAtMs} ${event.seq}`;
  }

  store(events: readonly BikeEvent[]): Promise<number> {
    return this.repository.storeEvents(events);
  }
}
