import { Inject, Injectable } from '@nestjs/common';
import { SIGNAL_PHASES } from '@urban-brain/common';
import type { SignalPhaseChange, SignalPhaseChangeSchema } from '@urban-brain/proto';
import { DescribedFleetStream } from '../fleet-ingest/fleet-stream';
import { SignalPhasesRepository } from './signal-phases.repository';

/** SPaT-like signal phase changes: ub.signal.phases.v1 -> signal_phase_changes. */
@Injectable()
export class SignalPhasesStream extends DescribedFleetStream<typeof SignalPhaseChangeSchema> {
  constructor(@Inject(SignalPhasesRepository) private readonly repository: Pick<SignalPhasesRepository, 'storeChanges'>) {
    super(SIGNAL_PHASES);
  }

  store(changes: readonly SignalPhaseChange[]): Promise<number> {
    return this.repository.storeChanges(changes);
  }
}
