import { Inject, Injectable } from '@nestjs/common';
import type { TruckReading } from '@urban-brain/proto';
import { StagedCopyWriter } from '../database/staged-copy.writer';
import { copyLineOf, timestampOf, type StagedTable } from '../database/staged-table';

export const TRUCK_READINGS_TABLE: StagedTable<TruckReading> = {
  name: 'truck_readings',
  columns: ['truck_id', 'seq', 'recorded_at', 'lon', 'lat', 'speed_kmh', 'heading_deg', 'load_kg', 'task_state', 'kind'],
  key: ['truck_id', 'recorded_at', 'seq'],
  fieldsOf: (r) => [r.truckId, r.seq, timestampOf(r.recordedAtMs), r.lon, r.lat, r.speedKmh, r.headingDeg, r.loadKg, r.taskState, r.kind],
};

/** One reading as a line of COPY text, columns in the table's order. */
export const toCopyLine = (reading: TruckReading): string => copyLineOf(TRUCK_READINGS_TABLE, reading);

@Injectable()
export class TruckReadingsRepository {
  constructor(@Inject(StagedCopyWriter) private readonly writer: Pick<StagedCopyWriter, 'write'>) {}

  /**
   * Stores validated readings in one transaction and returns how many were new;
   * readings already stored (same truck, time and seq) are skipped, not errors.
   */
  async storeReadings(readings: readonly TruckReading[]): Promise<number> {
    const [inserted] = await this.writer.write([{ table: TRUCK_READINGS_TABLE, rows: readings }]);
    return inserted ?? 0;
  }
}
