import { Module } from '@nestjs/common';
import { SignalPhasesRepository } from './signal-phases.repository';
import { SignalPhasesStream } from './signal-phases.stream';

@Module({
  providers: [SignalPhasesRepository, SignalPhasesStream],
  exports: [SignalPhasesStream],
})
export class SignalPhasesModule {}
