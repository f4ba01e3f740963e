import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DomainError, DomainErrorCode } from '../common/domain-error';
import { isDatabaseUnavailable } from '../database/database-unavailable.util';
import { PG_POOL } from '../database/pg-pool.token';
import { POSITION_HISTORY, type PositionFleet } from '../history/history-fleet';
import { type HistoryReadingRow, type ReadingSqlRow, readingColumns, readingRowOf } from '../history/history.repository';

/** A stored signal phase change, as replay applies it to a corridor. */
export interface PhaseChangeRow {
  intersectionId: string;
  corridorId: string;
  seq: number;
  recordedAtMs: number;
  signalGroup: number;
  phaseState: number;
}

/** A stored corridor observation (one direction, one window). */
export interface CorridorObservationRow {
  corridorId: string;
  seq: number;
  recordedAtMs: number;
  direction: number;
  travelTimeS: number;
  designTravelTimeS: number;
  stops: number;
  arrivalsOnGreenPct: number;
  vehicles: number;
}

export interface StoredAlertRow {
  id: string;
  rule: string;
  fleet: string;
  entity_id: string;
  severity: number;
  title: string;
  title_zh: string | null;
  raised_at: Date;
  resolved_at: Date | null;
  lon: number | null;
  lat: number | null;
}

// Every reading of a fleet in (from, to], in time order: the replay's steps read it one batch of replay
// time at a time. Served by the hypertable's time index (TimescaleDB) or migration 012's (plain).
function windowSql(fleet: PositionFleet): string {
  const { table } = POSITION_HISTORY[fleet];
  return `
SELECT
  ${readingColumns(fleet)}
FROM ${table}
WHERE recorded_at > $1::timestamptz
  AND recorded_at <= $2::timestamptz
ORDER BY recorded_at, seq
`;
}

export const REPLAY_SQL = {
  WINDOW: Object.fromEntries(Object.keys(POSITION_HISTORY).map((fleet) => [fleet, windowSql(fleet as PositionFleet)])) as Record<PositionFleet, string>,
  // $1 at, $2 at minus the lookback. The newest phase of each signal group, then the newest observation of
  // each corridor direction that a vehicle crossed (an empty window gives no verdict: the live layer skips it).
  PHASES_AT: `
SELECT DISTINCT ON (intersection_id, signal_group)
  intersection_id, corridor_id, seq, recorded_at, signal_group, phase_state
FROM signal_phase_changes
WHERE recorded_at <= $1::timestamptz AND recorded_at > $2::timestamptz AND corridor_id IS NOT NULL
ORDER BY intersection_id, signal_group, recorded_at DESC, seq DESC
`,
  OBSERVATIONS_AT: `
SELECT DISTINCT ON (corridor_id, direction)
  corridor_id, seq, recorded_at, direction, travel_time_s, design_travel_time_s, stops, arrivals_on_green_pct, vehicles
FROM corridor_observations
WHERE recorded_at <= $1::timestamptz AND recorded_at > $2::timestamptz AND vehicles > 0
ORDER BY corridor_id, direction, recorded_at DESC, seq DESC
`,
  PHASES_WINDOW: `
SELECT intersection_id, corridor_id, seq, recorded_at, signal_group, phase_state
FROM signal_phase_changes
WHERE recorded_at > $1::timestamptz AND recorded_at <= $2::timestamptz AND corridor_id IS NOT NULL
ORDER BY recorded_at, seq
`,
  OBSERVATIONS_WINDOW: `
SELECT corridor_id, seq, recorded_at, direction, travel_time_s, design_travel_time_s, stops, arrivals_on_green_pct, vehicles
FROM corridor_observations
WHERE recorded_at > $1::timestamptz AND recorded_at <= $2::timestamptz
ORDER BY recorded_at, seq
`,
  // $1 oldest kept instant. The first and last reading of any fleet: each is one descent of a time index.
  RANGE: `
SELECT min(t) AS earliest, max(t) AS latest FROM (
  ${Object.values(POSITION_HISTORY)
    .flatMap(({ table }) => [
      `(SELECT recorded_at AS t FROM ${table} WHERE recorded_at >= $1::timestamptz ORDER BY recorded_at LIMIT 1)`,
      `(SELECT recorded_at AS t FROM ${table} ORDER BY recorded_at DESC LIMIT 1)`,
    ])
    .join('\n  UNION ALL\n  ')}
) ends
`,
  // $1 from, $2 to, $3 bucket seconds (fractional allowed). Readings per bucket of the trucks, bikes and boats:
  // from the fleets' 1-minute roll-ups (migration 007) when a bucket is a minute or more, else counted raw.
  EVENTS_ROLLUP: `
SELECT floor(extract(epoch FROM bucket - $1::timestamptz) / $3)::int AS i, sum(n)::bigint AS n FROM (
  SELECT bucket, readings AS n FROM truck_fleet_activity_1m WHERE bucket >= $1::timestamptz AND bucket < $2::timestamptz
  UNION ALL SELECT bucket, events FROM bike_fleet_activity_1m WHERE bucket >= $1::timestamptz AND bucket < $2::timestamptz
  UNION ALL SELECT bucket, readings FROM boat_fleet_activity_1m WHERE bucket >= $1::timestamptz AND bucket < $2::timestamptz
) rollups GROUP BY 1
`,
  EVENTS_RAW: `
SELECT floor(extract(epoch FROM recorded_at - $1::timestamptz) / $3)::int AS i, count(*)::bigint AS n FROM (
  SELECT recorded_at FROM truck_readings WHERE recorded_at >= $1::timestamptz AND recorded_at < $2::timestamptz
  UNION ALL SELECT recorded_at FROM bike_events WHERE recorded_at >= $1::timestamptz AND recorded_at < $2::timestamptz
  UNION ALL SELECT recorded_at FROM boat_readings WHERE recorded_at >= $1::timestamptz AND recorded_at < $2::timestamptz
) raw GROUP BY 1
`,
  ALERTS_RAISED: `
SELECT floor(extract(epoch FROM raised_at - $1::timestamptz) / $3)::int AS i, count(*)::bigint AS n
FROM alerts WHERE raised_at >= $1::timestamptz AND raised_at < $2::timestamptz GROUP BY 1
`,
  // Raised in the window, or raised before it and not resolved by its start.
  ALERTS_IN_WINDOW: `
SELECT id::text, rule, fleet, entity_id, severity, title, title_zh, raised_at, resolved_at, lon, lat
FROM alerts
WHERE raised_at < $2::timestamptz AND (resolved_at IS NULL OR resolved_at >= $1::timestamptz)
ORDER BY raised_at, id
LIMIT $3
`,
} as const;

interface PhaseSqlRow {
  intersection_id: string;
  corridor_id: string;
  seq: string;
  recorded_at: Date;
  signal_group: number;
  phase_state: number;
}

interface ObservationSqlRow {
  corridor_id: string;
  seq: string;
  recorded_at: Date;
  direction: number;
  travel_time_s: number;
  design_travel_time_s: number;
  stops: number;
  arrivals_on_green_pct: number;
  vehicles: number;
}

const toPhase = (row: PhaseSqlRow): PhaseChangeRow => ({
  intersectionId: row.intersection_id,
  corridorId: row.corridor_id,
  seq: Number(row.seq),
  recordedAtMs: row.recorded_at.getTime(),
  signalGroup: row.signal_group,
  phaseState: row.phase_state,
});

const toObservation = (row: ObservationSqlRow): CorridorObservationRow => ({
  corridorId: row.corridor_id,
  seq: Number(row.seq),
  recordedAtMs: row.recorded_at.getTime(),
  direction: row.direction,
  travelTimeS: row.travel_time_s,
  designTravelTimeS: row.design_travel_time_s,
  stops: row.stops,
  arrivalsOnGreenPct: row.arrivals_on_green_pct,
  vehicles: row.vehicles,
});

/** Replay's reads that history does not already make (the state at an instant is history's). */
@Injectable()
export class ReplayRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Every reading of the fleet in (from, to], oldest first. */
  async findReadingsIn(fleet: PositionFleet, from: Date, to: Date): Promise<HistoryReadingRow[]> {
    return (await this.query<ReadingSqlRow>(REPLAY_SQL.WINDOW[fleet], [from.toISOString(), to.toISOString()])).map(readingRowOf(fleet));
  }

  async findPhasesAt(at: Date, lookbackMs: number): Promise<PhaseChangeRow[]> {
    return (await this.query<PhaseSqlRow>(REPLAY_SQL.PHASES_AT, [at.toISOString(), new Date(at.getTime() - lookbackMs).toISOString()])).map(toPhase);
  }

  async findObservationsAt(at: Date, lookbackMs: number): Promise<CorridorObservationRow[]> {
    return (await this.query<ObservationSqlRow>(REPLAY_SQL.OBSERVATIONS_AT, [at.toISOString(), new Date(at.getTime() - lookbackMs).toISOString()])).map(toObservation);
  }

  async findPhasesIn(from: Date, to: Date): Promise<PhaseChangeRow[]> {
    return (await this.query<PhaseSqlRow>(REPLAY_SQL.PHASES_WINDOW, [from.toISOString(), to.toISOString()])).map(toPhase);
  }

  async findObservationsIn(from: Date, to: Date): Promise<CorridorObservationRow[]> {
    return (await this.query<ObservationSqlRow>(REPLAY_SQL.OBSERVATIONS_WINDOW, [from.toISOString(), to.toISOString()])).map(toObservation);
  }

  async findRange(oldest: Date): Promise<{ earliest: Date | null; latest: Date | null }> {
    const [row] = await this.query<{ earliest: Date | null; latest: Date | null }>(REPLAY_SQL.RANGE, [oldest.toISOString()]);
    return { earliest: row?.earliest ?? null, latest: row?.latest ?? null };
  }

  /** Counts per bucket index (0 = the bucket starting at from). */
  async countEvents(from: Date, to: Date, bucketS: number): Promise<Map<number, number>> {
    const sql = bucketS >= 60 ? REPLAY_SQL.EVENTS_ROLLUP : REPLAY_SQL.EVENTS_RAW;
    return this.counts(sql, from, to, bucketS);
  }

  async countAlertsRaised(from: Date, to: Date, bucketS: number): Promise<Map<number, number>> {
    return this.counts(REPLAY_SQL.ALERTS_RAISED, from, to, bucketS);
  }

  async findAlertsIn(from: Date, to: Date, limit: number): Promise<StoredAlertRow[]> {
    return this.query<StoredAlertRow>(REPLAY_SQL.ALERTS_IN_WINDOW, [from.toISOString(), to.toISOString(), limit]);
  }

  private async counts(sql: string, from: Date, to: Date, bucketS: number): Promise<Map<number, number>> {
    const rows = await this.query<{ i: number; n: string }>(sql, [from.toISOString(), to.toISOString(), bucketS]);
    return new Map(rows.map((row) => [row.i, Number(row.n)]));
  }

  private async query<Row extends object>(sql: string, params: unknown[]): Promise<Row[]> {
    try {
      return (await this.pool.query<Row>(sql, params)).rows;
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw new DomainError(DomainErrorCode.DATABASE_UNAVAILABLE, 'Database unavailable', [], { cause: error });
      throw error;
    }
  }
}
