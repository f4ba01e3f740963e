import { create } from '@bufbuild/protobuf';
import { corridorWithObservation, corridorWithPhase, type LiveCorridor, toCorridorColumns } from '@urban-brain/common';
import { CorridorObservationSchema, SignalPhaseChangeSchema } from '@urban-brain/proto';
import type { ReplayLayerPlayer } from './replay-layer-player';
import { TimeOrderedRows } from './replay-layer-player';
import type { LayerFrameFields } from './replay-position-layers';
import type { CorridorObservationRow, PhaseChangeRow, ReplayRepository } from './replay.repository';

// How far back a corridor's phases and observations count: signal cycles run 1-3 minutes and detector
// windows a few, so a quarter of an hour of silence means the corridor's feed stopped.
export const CORRIDOR_LOOKBACK_MS = 15 * 60 * 1000;

type CorridorRow = ({ kind: 'phase' } & PhaseChangeRow) | ({ kind: 'observation' } & CorridorObservationRow);

/** The corridors as the gateway holds them (its corridorWithPhase / corridorWithObservation), from the two signal tables. */
export class CorridorLayerPlayer implements ReplayLayerPlayer {
  private readonly held = new Map<string, LiveCorridor>();
  private readonly pending = new TimeOrderedRows<CorridorRow>();

  constructor(private readonly replay: ReplayRepository) {}

  async load(at: Date): Promise<void> {
    const [phases, observations] = await Promise.all([this.replay.findPhasesAt(at, CORRIDOR_LOOKBACK_MS), this.replay.findObservationsAt(at, CORRIDOR_LOOKBACK_MS)]);
    for (const row of merged(phases, observations)) this.apply(row);
  }

  async read(from: Date, to: Date): Promise<void> {
    const [phases, observations] = await Promise.all([this.replay.findPhasesIn(from, to), this.replay.findObservationsIn(from, to)]);
    this.pending.set(merged(phases, observations));
  }

  snapshotFields(): LayerFrameFields {
    return { corridors: toCorridorColumns([...this.held.values()]) };
  }

  stepFields(endMs: number): LayerFrameFields {
    const changed = new Set<string>();
    for (const row of this.pending.takeUntil(endMs)) if (this.apply(row)) changed.add(row.corridorId);
    const removedCorridorIds: string[] = [];
    for (const [id, corridor] of this.held) {
      if (corridor.receivedAtMs <= endMs - CORRIDOR_LOOKBACK_MS) {
        this.held.delete(id);
        changed.delete(id);
        removedCorridorIds.push(id);
      }
    }
    const corridors = [...changed].map((id) => this.held.get(id)!);
    return { corridors: toCorridorColumns(corridors), removedCorridorIds };
  }

  private apply(row: CorridorRow): boolean {
    const held = this.held.get(row.corridorId);
    const next =
      row.kind === 'phase'
        ? corridorWithPhase(create(SignalPhaseChangeSchema, { ...row, recordedAtMs: BigInt(row.recordedAtMs) }), row.recordedAtMs)(held)
        : corridorWithObservation(create(CorridorObservationSchema, { ...row, recordedAtMs: BigInt(row.recordedAtMs) }), row.recordedAtMs)(held);
    if (next === null) return false;
    this.held.set(row.corridorId, next);
    return true;
  }
}

function merged(phases: PhaseChangeRow[], observations: CorridorObservationRow[]): CorridorRow[] {
  const rows: CorridorRow[] = [...phases.map((row) => ({ kind: 'phase' as const, ...row })), ...observations.map((row) => ({ kind: 'observation' as const, ...row }))];
  return rows.sort((a, b) => a.recordedAtMs - b.recordedAtMs || a.seq - b.seq);
}
