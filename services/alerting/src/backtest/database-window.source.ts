import type { FleetStreamDescriptor } from '@urban-brain/common';
import type { StreamObservation } from '../engine/stream-observation';
import type { FleetRowMessages } from './fleet-row-message';
import type { FleetRowsRepository } from './fleet-rows.repository';
import { BacktestCancelled, type TimedObservation, type WindowSource } from './timed-observation';

// Rows are read a slice of time at a time from every stream's table and merged: bounded memory, one
// clock order across streams.
const SLICE_MS = 5 * 60_000;

export interface StoredStream {
  stream: FleetStreamDescriptor;
  messages: FleetRowMessages;
  /** Where this stream's reading starts (the warm-up's start). */
  startMs: number;
}

/** A window read from what ingest stored: each row is the reading, its own time the clock. */
export class DatabaseWindowSource implements WindowSource {
  rowsRead = 0;

  constructor(
    private readonly rows: FleetRowsRepository,
    private readonly streams: readonly StoredStream[],
    private readonly toMs: number,
  ) {}

  async read(deliver: (batch: readonly TimedObservation[]) => void, cancelled: () => boolean): Promise<void> {
    if (this.streams.length === 0) return;
    const startMs = Math.min(...this.streams.map((s) => s.startMs));
    for (let sliceMs = startMs; sliceMs < this.toMs; sliceMs += SLICE_MS) {
      const endMs = Math.min(sliceMs + SLICE_MS, this.toMs);
      const batch: TimedObservation[] = [];
      for (const { stream, messages, startMs: streamStart } of this.streams) {
        if (endMs <= streamStart) continue;
        if (cancelled()) throw new BacktestCancelled();
        for (const row of await this.rows.rowsBetween(stream, Math.max(sliceMs, streamStart), endMs)) {
          const message = messages.messageOf(row) as never;
          const observation: StreamObservation = { stream: stream.name, fleet: stream.fleet, entityId: stream.deviceOf(message), atMs: stream.recordedAtMsOf(message), message };
          batch.push({ observation, clockMs: observation.atMs });
        }
      }
      this.rowsRead += batch.length;
      batch.sort((a, b) => a.clockMs - b.clockMs);
      if (batch.length > 0) deliver(batch);
      if (cancelled()) throw new BacktestCancelled();
    }
  }
}
