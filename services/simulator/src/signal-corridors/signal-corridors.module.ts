import { Module } from '@nestjs/common';
import { SignalCorridorsHealth } from './signal-corridors.health';
import { SignalCorridorsProducer } from './signal-corridors.producer';
import { SignalCorridorsService } from './signal-corridors.service';

@Module({
  providers: [SignalCorridorsProducer, SignalCorridorsService, SignalCorridorsHealth],
  exports: [SignalCorridorsHealth, SignalCorridorsService],
})
export class SignalCorridorsModule {}
