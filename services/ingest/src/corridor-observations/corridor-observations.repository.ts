import { Inject, Injectable } from '@nestjs/common';
import type { CorridorObservation } from '@urban-brain/proto';
import { StagedCopyWriter } from '../database/staged-copy.writer';
import { timestampOf, type StagedTable } from '../database/staged-table';

export const CORRIDOR_OBSERVATIONS_TABLE: StagedTable<CorridorObservation> = {
  name: 'corridor_observations',
  columns: ['corridor_id', 'seq', 'recorded_at', 'direction', 'travel_time_s', 'design_travel_time_s', 'stops', 'arrivals_on_green_pct', 'vehicles'],
  key: ['corridor_id', 'recorded_at', 'seq'],
  fieldsOf: (o) => [o.corridorId, o.seq, timestampOf(o.recordedAtMs), o.direction, o.travelTimeS, o.designTravelTimeS, o.stops, o.arrivalsOnGreenPct, o.vehicles],
};

@Injectable()
export class CorridorObservationsRepository {
  constructor(@Inject(StagedCopyWriter) private readonly writer: Pick<StagedCopyWriter, 'write'>) {}

  /** Stores validated observations in one transaction; returns how many were new. */
  async storeObservations(observations: readonly CorridorObservation[]): Promise<number> {
    const [inserted] = await this.writer.write([{ table: CORRIDOR_OBSERVATIONS_TABLE, rows: observations }]);
    return inserted ?? 0;
  }
}
