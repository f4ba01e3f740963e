import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DomainError, DomainErrorCode } from '../common/domain-error';
import { isDatabaseUnavailable } from '../database/database-unavailable.util';
import { PG_POOL } from '../database/pg-pool.token';
import type { TrackPosition } from './track-position';

/** One stored reading as the track needs it; enums stay numeric here, names are the service's concern. */
export interface TruckReadingRow {
  recordedAt: string;
  seq: number;
  lon: number;
  lat: number;
  speedKmh: number;
  headingDeg: number;
  loadKg: number;
  taskState: number;
  kind: number;
}

export interface TrackRange {
  truckId: string;
  from: Date;
  to: Date;
  after: TrackPosition | null;
  limit: number;
}

// Snapshot in queries/track.sql. The time comes back as text with microseconds: a JS Date would
// round to milliseconds and a keyset cursor built from it could repeat or skip rows. The alias must
// not be "recorded_at": ORDER BY would then sort by the text and lose the primary key's order.
export const TRACK_SQL = `
SELECT
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at_text,
  seq,
  lon,
  lat,
  speed_kmh,
  heading_deg,
  load_kg,
  task_state,
  kind
FROM truck_readings
WHERE truck_id = $1
  AND recorded_at >= $2::timestamptz
  AND recorded_at < $3::timestamptz
  AND (recorded_at, seq) > ($4::timestamptz, $5::bigint)
ORDER BY recorded_at, seq
LIMIT $6
`;

interface TrackSqlRow {
  recorded_at_text: string;
  seq: string; // bigint arrives as text
  lon: number;
  lat: number;
  speed_kmh: number;
  heading_deg: number;
  load_kg: number;
  task_state: number;
  kind: number;
}

@Injectable()
export class TrucksRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Readings of one truck with from <= recorded_at < to, after `after`, oldest first, at most `limit`. */
  async findTrack(range: TrackRange): Promise<TruckReadingRow[]> {
    // Without a cursor, start just before the first reading at `from`: seq is a uint32, so -1 sorts first.
    const after = range.after ?? { recordedAt: range.from.toISOString(), seq: -1 };
    const params = [range.truckId, range.from.toISOString(), range.to.toISOString(), after.recordedAt, after.seq, range.limit];
    try {
      const result = await this.pool.query<TrackSqlRow>(TRACK_SQL, params);
      return result.rows.map((row) => ({
        recordedAt: row.recorded_at_text,
        seq: Number(row.seq),
        lon: row.lon,
        lat: row.lat,
        speedKmh: row.speed_kmh,
        headingDeg: row.heading_deg,
        loadKg: row.load_kg,
        taskState: row.task_state,
        kind: row.kind,
      }));
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw new DomainError(DomainErrorCode.DATABASE_UNAVAILABLE, 'Database unavailable', [], { cause: error });
      throw error;
    }
  }
}
