import { Inject, Injectable } from '@nestjs/common';
import type { BoatReading, VesselSighting } from '@urban-brain/proto';
import { StagedCopyWriter } from '../database/staged-copy.writer';
import { timestampOf, type StagedTable } from '../database/staged-table';

export const BOAT_READINGS_TABLE: StagedTable<BoatReading> = {
  name: 'boat_readings',
  columns: ['boat_id', 'seq', 'recorded_at', 'lon', 'lat', 'speed_kmh', 'heading_deg', 'debris_kg', 'battery_pct', 'task_state'],
  key: ['boat_id', 'recorded_at', 'seq'],
  fieldsOf: (r) => [r.boatId, r.seq, timestampOf(r.recordedAtMs), r.lon, r.lat, r.speedKmh, r.headingDeg, r.debrisKg, r.batteryPct, r.taskState],
};

/** A sighting with the reading that reported it. */
export interface ReportedSighting {
  reading: BoatReading;
  sighting: VesselSighting;
}

export const VESSEL_SIGHTINGS_TABLE: StagedTable<ReportedSighting> = {
  name: 'vessel_sightings',
  columns: ['boat_id', 'sighting_id', 'recorded_at', 'reading_seq', 'lon', 'lat', 'note'],
  key: ['boat_id', 'sighting_id'],
  fieldsOf: ({ reading, sighting }) => [reading.boatId, sighting.sightingId, timestampOf(reading.recordedAtMs), reading.seq, sighting.lon, sighting.lat, sighting.note],
};

/** What a batch of boat readings added: readings and sightings new to the database. */
export interface BoatStoreOutcome {
  readings: number;
  sightings: number;
}

@Injectable()
export class BoatReadingsRepository {
  constructor(@Inject(StagedCopyWriter) private readonly writer: Pick<StagedCopyWriter, 'write'>) {}

  /**
   * Stores validated readings and the sightings they carry in one transaction.
   * A sighting already stored (same boat and sighting id, also from an earlier
   * reading) is skipped: the first report is kept.
   */
  async storeReadings(readings: readonly BoatReading[]): Promise<BoatStoreOutcome> {
    const sightings = readings.flatMap((reading) => reading.vesselSightings.map((sighting) => ({ reading, sighting })));
    const [newReadings, newSightings] = await this.writer.write([
      { table: BOAT_READINGS_TABLE, rows: readings },
      { table: VESSEL_SIGHTINGS_TABLE, rows: sightings },
    ]);
    return { readings: newReadings ?? 0, sightings: newSightings ?? 0 };
  }
}
