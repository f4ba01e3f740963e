import { Inject, Injectable } from '@nestjs/common';
import { decodeSignalPhaseChange, findSignalPhaseChangeProblem, type FleetDecodeResult } from '@urban-brain/common';
import type { SignalPhaseChange } from '@urban-brain/proto';
import type { FleetStream } from '../fleet-ingest/fleet-stream';
import { SignalPhasesRepository } from './signal-phases.repository';

/** SPaT-like signal phase changes: ub.signal.phases.v1 -> signal_phase_changes. */
@Injectable()
export class SignalPhasesStream implements FleetStream<SignalPhaseChange> {
  readonly name = 'signal-phases';
  readonly messageName = 'SignalPhaseChange';
  readonly keyField = 'intersection_id';

  constructor(@Inject(SignalPhasesRepository) private readonly repository: Pick<SignalPhasesRepository, 'storeChanges'>) {}

  decode(value: Uint8Array, contentType: string | undefined): FleetDecodeResult<SignalPhaseChange> {
    return decodeSignalPhaseChange(value, contentType);
  }

  findProblem(change: SignalPhaseChange, nowMs: number): string | null {
    return findSignalPhaseChangeProblem(change, nowMs);
  }

  keyOf(change: SignalPhaseChange): string {
    return change.intersectionId;
  }

  identityOf(change: SignalPhaseChange): string {
    return `${change.intersectionId} ${change.recordedAtMs} ${change.seq}`;
  }

  store(changes: readonly SignalPhaseChange[]): Promise<number> {
    return this.repository.storeChanges(changes);
  }
}
