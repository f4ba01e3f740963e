import { Inject, Injectable } from '@nestjs/common';
import type { SignalPhaseChange } from '@urban-brain/proto';
import { StagedCopyWriter } from '../database/staged-copy.writer';
import { timestampOf, type StagedTable } from '../database/staged-table';

// 0 is "unknown" in the contract; NULL in the table.
const optionalTimestampOf = (epochMs: bigint): string | null => (epochMs === 0n ? null : timestampOf(epochMs));

export const SIGNAL_PHASE_CHANGES_TABLE: StagedTable<SignalPhaseChange> = {
  name: 'signal_phase_changes',
  columns: ['intersection_id', 'seq', 'recorded_at', 'corridor_id', 'signal_group', 'phase_state', 'start_at', 'min_end_at', 'max_end_at'],
  key: ['intersection_id', 'recorded_at', 'seq'],
  fieldsOf: (c) => [
    c.intersectionId,
    c.seq,
    timestampOf(c.recordedAtMs),
    c.corridorId === '' ? null : c.corridorId,
    c.signalGroup,
    c.phaseState,
    timestampOf(c.startMs),
    optionalTimestampOf(c.minEndMs),
    optionalTimestampOf(c.maxEndMs),
  ],
};

@Injectable()
export class SignalPhasesRepository {
  constructor(@Inject(StagedCopyWriter) private readonly writer: Pick<StagedCopyWriter, 'write'>) {}

  /** Stores validated phase changes in one transaction; returns how many were new. */
  async storeChanges(changes: readonly SignalPhaseChange[]): Promise<number> {
    const [inserted] = await this.writer.write([{ table: SIGNAL_PHASE_CHANGES_TABLE, rows: changes }]);
    return inserted ?? 0;
  }
}
