import { Inject, Injectable } from '@nestjs/common';
import { BIKE_EVENTS } from '@urban-brain/common';
import type { BikeEvent, BikeEventSchema } from '@urban-brain/proto';
import { DescribedFleetStream } from '../fleet-ingest/fleet-stream';
import { BikeEventsRepository } from './bike-events.repository';

/** Shared-bike state changes: ub.bike.events.v1 -> bike_events. */
@Injectable()
export class BikeEventsStream extends DescribedFleetStream<typeof BikeEventSchema> {
  constructor(@Inject(BikeEventsRepository) private readonly repository: Pick<BikeEventsRepository, 'storeEvents'>) {
    super(BIKE_EVENTS);
  }

  store(events: readonly BikeEvent[]): Promise<number> {
    return this.repository.storeEvents(events);
  }
}
