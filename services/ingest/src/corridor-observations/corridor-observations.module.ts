import { Module } from '@nestjs/common';
import { CorridorObservationsRepository } from './corridor-observations.repository';
import { CorridorObservationsStream } from './corridor-observations.stream';

@Module({
  providers: [CorridorObservationsRepository, CorridorObservationsStream],
  exports: [CorridorObservationsStream],
})
export class CorridorObservationsModule {}
