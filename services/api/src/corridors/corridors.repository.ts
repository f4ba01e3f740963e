import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DomainError, DomainErrorCode } from '../common/domain-error';
import { isDatabaseUnavailable } from '../database/database-unavailable.util';
import { PG_POOL } from '../database/pg-pool.token';
import { POSITION_HISTORY } from '../history/history-fleet';
import type { VehicleFix } from './corridor-passes';
import type { PhaseChangeRow } from './phase-intervals';

// The fleets that drive the city's streets with a GPS fix a second: sanitation trucks and "120"
// ambulances. Bikes report only at trip ends and boats are on the lake.
export const CORRIDOR_FLEETS = ['trucks', 'ambulances'] as const satisfies readonly (keyof typeof POSITION_HISTORY)[];

// How far before the window a phase change is read: the phase in force at the window's start began up to
// a phase earlier, and no fixed-time phase lasts this long.
export const PHASE_LOOKBACK_S = 300;

/** A box around the corridor (degrees), wide enough for fixes just off the line. */
export interface LonLatBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** The corridor's own observation windows in a window, weighted by the vehicles each saw. */
export interface CorridorObservedRow {
  windows: number;
  vehicles: number;
  arrivalsOnGreenPct: number;
  stops: number;
  travelTimeS: number;
  designTravelTimeS: number;
}

const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

// $1 corridor, $2 from, $3 to. The partial index signal_phase_changes_corridor_idx (corridor_id, recorded_at)
// of migration 004 serves it; a change is recorded when its phase starts, so the lookback finds the phase in
// force at $2.
export const CORRIDOR_PHASES_SQL = `
SELECT
  intersection_id,
  phase_state,
  ${epochMs('start_at')} AS start_ms,
  ${epochMs('max_end_at')} AS max_end_ms
FROM signal_phase_changes
WHERE corridor_id = $1::text
  AND recorded_at >= $2::timestamptz - INTERVAL '${PHASE_LOOKBACK_S} seconds'
  AND recorded_at < $3::timestamptz
  AND start_at < $3::timestamptz
ORDER BY intersection_id, start_at, seq
`;

// $1 from, $2 to, $3..$6 west, south, east, north. Each fleet's time index (BRIN, or TimescaleDB's chunks)
// bounds the rows by time; the box keeps those near the corridor.
export const CORRIDOR_FIXES_SQL = CORRIDOR_FLEETS.map((fleet) => {
  const { table, idColumn } = POSITION_HISTORY[fleet];
  return `SELECT '${fleet}' AS fleet, ${idColumn} AS vehicle_id, ${epochMs('recorded_at')} AS t_ms, lon, lat
FROM ${table}
WHERE recorded_at >= $1::timestamptz AND recorded_at < $2::timestamptz
  AND lon BETWEEN $3::float8 AND $5::float8 AND lat BETWEEN $4::float8 AND $6::float8`;
}).join('\nUNION ALL\n');

// $1 corridor, $2 from, $3 to: windows that closed in (from, to]. Means weighted by the vehicles each window
// saw, as the KPI roll-ups weight them; a window that saw none counts for nothing.
export const CORRIDOR_OBSERVED_SQL = `
SELECT
  count(*)::int AS windows,
  coalesce(sum(vehicles), 0)::int AS vehicles,
  coalesce(sum(arrivals_on_green_pct * vehicles) / nullif(sum(vehicles), 0), 0)::float8 AS arrivals_on_green_pct,
  coalesce(sum(stops * vehicles) / nullif(sum(vehicles), 0), 0)::float8 AS stops,
  coalesce(sum(travel_time_s * vehicles) / nullif(sum(vehicles), 0), 0)::float8 AS travel_time_s,
  coalesce(avg(design_travel_time_s), 0)::float8 AS design_travel_time_s
FROM corridor_observations
WHERE corridor_id = $1::text
  AND recorded_at > $2::timestamptz
  AND recorded_at <= $3::timestamptz
`;

@Injectable()
export class CorridorsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async findPhases(corridorId: string, from: Date, to: Date): Promise<PhaseChangeRow[]> {
    const rows = await this.query<{ intersection_id: string; phase_state: number; start_ms: number; max_end_ms: number | null }>(CORRIDOR_PHASES_SQL, [
      corridorId,
      from.toISOString(),
      to.toISOString(),
    ]);
    return rows.map((r) => ({ intersectionId: r.intersection_id, phaseState: r.phase_state, startMs: r.start_ms, maxEndMs: r.max_end_ms }));
  }

  async findFixes(from: Date, to: Date, box: LonLatBox): Promise<VehicleFix[]> {
    const rows = await this.query<{ fleet: string; vehicle_id: string; t_ms: number; lon: number; lat: number }>(CORRIDOR_FIXES_SQL, [
      from.toISOString(),
      to.toISOString(),
      box.west,
      box.south,
      box.east,
      box.north,
    ]);
    return rows.map((r) => ({ fleet: r.fleet, vehicleId: r.vehicle_id, tMs: r.t_ms, lon: r.lon, lat: r.lat }));
  }

  async findObserved(corridorId: string, from: Date, to: Date): Promise<CorridorObservedRow> {
    const [row] = await this.query<{
      windows: number;
      vehicles: number;
      arrivals_on_green_pct: number;
      stops: number;
      travel_time_s: number;
      design_travel_time_s: number;
    }>(CORRIDOR_OBSERVED_SQL, [corridorId, from.toISOString(), to.toISOString()]);
    // Aggregates without GROUP BY always answer one row.
    if (!row) throw new Error('the corridor observations query answered no row');
    return {
      windows: row.windows,
      vehicles: row.vehicles,
      arrivalsOnGreenPct: row.arrivals_on_green_pct,
      stops: row.stops,
      travelTimeS: row.travel_time_s,
      designTravelTimeS: row.design_travel_time_s,
    };
  }

  private async query<R extends object>(sql: string, values: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, values)).rows;
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw new DomainError(DomainErrorCode.DATABASE_UNAVAILABLE, 'Database unavailable', [], { cause: error });
      throw error;
    }
  }
}
