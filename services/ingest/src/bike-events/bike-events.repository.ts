import { Inject, Injectable } from '@nestjs/common';
import type { BikeEvent } from '@urban-brain/proto';
import { StagedCopyWriter } from '../database/staged-copy.writer';
import { timestampOf, type StagedTable } from '../database/staged-table';

export const BIKE_EVENTS_TABLE: StagedTable<BikeEvent> = {
  name: 'bike_events',
  columns: ['bike_id', 'seq', 'recorded_at', 'kind', 'lon', 'lat', 'fence_id', 'in_fence', 'is_ebike', 'battery_pct', 'operator'],
  key: ['bike_id', 'recorded_at', 'seq'],
  // No fence is NULL, not '', so "bikes in fence X" never matches the bikes outside every fence.
  fieldsOf: (e) => [e.bikeId, e.seq, timestampOf(e.recordedAtMs), e.kind, e.lon, e.lat, e.fenceId === '' ? null : e.fenceId, e.inFence, e.isEbike, e.batteryPct, e.operator],
};

@Injectable()
export class BikeEventsRepository {
  constructor(@Inject(StagedCopyWriter) private readonly writer: Pick<StagedCopyWriter, 'write'>) {}

  /** Stores validated events in one transaction; returns how many were new. */
  async storeEvents(events: readonly BikeEvent[]): Promise<number> {
    const [inserted] = await this.writer.write([{ table: BIKE_EVENTS_TABLE, rows: events }]);
    return inserted ?? 0;
  }
}
