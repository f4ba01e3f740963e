import { Module } from '@nestjs/common';
import { SignalCorridorsService } from './signal-corridors.service';

@Module({
  providers: [SignalCorridorsService],
  exports: [SignalCorridorsService],
})
export class SignalCorridorsModule {}
