import { Inject, Injectable } from '@nestjs/common';
import { CallStage } from '@urban-brain/proto';
import type { Pool } from 'pg';
import { DomainError, DomainErrorCode } from '../common/domain-error';
import { isDatabaseUnavailable } from '../database/database-unavailable.util';
import { PG_POOL } from '../database/pg-pool.token';

/** The day's calls as the wall's tile shows them, at one instant. */
export interface AmbulanceDayRow {
  /** Local midnight of the day holding the instant, as exact UTC text. */
  dayStart: string;
  openCalls: number;
  callsReceived: number;
  callsOnScene: number;
  responseP50S: number | null;
  responseP90S: number | null;
}

// How long a received call without a CLOSED step counts as open: a call whose closing step was lost must not
// stay open on the wall for ever, and no call runs for a day.
export const OPEN_CALL_MAX_AGE_HOURS = 24;

const { RECEIVED, ON_SCENE, CLOSED } = CallStage;
const responseSeconds = 'extract(epoch FROM recorded_at - received_at)';

// $1 the instant, $2 the city's time zone. Everything counts steps at or before the instant, so a past
// instant reads as the wall read then. "Today" is [local midnight, instant]. Each part reads one stage in a
// window of at most a day, an index range (emergency_call_events_stage_idx (stage, recorded_at) of migration
// 009, or TimescaleDB's own recorded_at index): a few hundred events, never the table. A call received in the
// last 24 h closed after it was received, so its CLOSED step is looked for in those 24 h too.
// Percentiles are of the calls reached on scene today (interpolated), as the hourly KPI series counts them.
// Local midnight as an expression of the parameters, not a CTE's column: a stable expression bounds the index
// scans on both sides and lets TimescaleDB skip the chunks outside the day as the query starts.
const DAY_START = `(date_trunc('day', $1::timestamptz AT TIME ZONE $2::text) AT TIME ZONE $2::text)`;

export const AMBULANCE_TODAY_SQL = `
WITH open_calls AS (
  SELECT count(DISTINCT r.call_id) AS calls
  FROM emergency_call_events r
  WHERE r.stage = ${RECEIVED}
    AND r.recorded_at > $1::timestamptz - INTERVAL '${OPEN_CALL_MAX_AGE_HOURS} hours'
    AND r.recorded_at <= $1::timestamptz
    AND NOT EXISTS (
      SELECT 1 FROM emergency_call_events c
      WHERE c.call_id = r.call_id
        AND c.stage = ${CLOSED}
        AND c.recorded_at > $1::timestamptz - INTERVAL '${OPEN_CALL_MAX_AGE_HOURS} hours'
        AND c.recorded_at <= $1::timestamptz
    )
),
received AS (
  SELECT count(DISTINCT call_id) AS calls
  FROM emergency_call_events
  WHERE stage = ${RECEIVED}
    AND recorded_at >= ${DAY_START}
    AND recorded_at <= $1::timestamptz
),
on_scene AS (
  SELECT
    count(*) AS calls,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY ${responseSeconds}) AS p50_s,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY ${responseSeconds}) AS p90_s
  FROM emergency_call_events
  WHERE stage = ${ON_SCENE}
    AND recorded_at >= ${DAY_START}
    AND recorded_at <= $1::timestamptz
)
SELECT
  to_char(${DAY_START} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS day_start_text,
  open_calls.calls::int AS open_calls,
  received.calls::int AS calls_received,
  on_scene.calls::int AS calls_on_scene,
  on_scene.p50_s::float8 AS response_p50_s,
  on_scene.p90_s::float8 AS response_p90_s
FROM open_calls, received, on_scene
`;

interface AmbulanceDaySqlRow {
  day_start_text: string;
  open_calls: number;
  calls_received: number;
  calls_on_scene: number;
  response_p50_s: number | null;
  response_p90_s: number | null;
}

@Injectable()
export class AmbulanceCallsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Open calls at `at`, and the calls of the local day (in `timeZone`) holding it, up to it. */
  async findDay(at: Date, timeZone: string): Promise<AmbulanceDayRow> {
    let rows: AmbulanceDaySqlRow[];
    try {
      rows = (await this.pool.query<AmbulanceDaySqlRow>(AMBULANCE_TODAY_SQL, [at.toISOString(), timeZone])).rows;
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw new DomainError(DomainErrorCode.DATABASE_UNAVAILABLE, 'Database unavailable', [], { cause: error });
      throw error;
    }
    const [row] = rows;
    // Aggregates without GROUP BY always answer one row.
    if (!row) throw new Error('the ambulance day query answered no row');
    return {
      dayStart: row.day_start_text,
      openCalls: row.open_calls,
      callsReceived: row.calls_received,
      callsOnScene: row.calls_on_scene,
      responseP50S: row.response_p50_s,
      responseP90S: row.response_p90_s,
    };
  }
}
