import { Module } from '@nestjs/common';
import { BikeEventsRepository } from './bike-events.repository';
import { BikeEventsStream } from './bike-events.stream';

@Module({
  providers: [BikeEventsRepository, BikeEventsStream],
  exports: [BikeEventsStream],
})
export class BikeEventsModule {}
