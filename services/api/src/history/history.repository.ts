import { Inject, Injectable } from '@nestjs/common';
import { CallStage } from '@urban-brain/proto';
import type { Pool } from 'pg';
import { DomainError, DomainErrorCode } from '../common/domain-error';
import { isDatabaseUnavailable } from '../database/database-unavailable.util';
import { PG_POOL } from '../database/pg-pool.token';
import { KPI_FLEETS, type KpiFleet, type KpiRollup, kpiRollupsOf, POSITION_FLEETS, POSITION_HISTORY, type PositionFleet } from './history-fleet';
import type { HistoryPosition } from './history-query.schemas';

/** One stored reading of any position fleet; `properties` are keyed by the fleet's property names (POSITION_HISTORY), enums numeric. */
export interface HistoryReadingRow {
  entityId: string;
  recordedAt: string;
  seq: number;
  lon: number;
  lat: number;
  properties: Record<string, unknown>;
}

/** A downsampled reading also says which bucket it stands for. */
export interface SampledReadingRow extends HistoryReadingRow {
  bucket: string;
}

export interface TracksRange {
  fleet: PositionFleet;
  ids: string[];
  from: Date;
  to: Date;
  after: HistoryPosition | null;
  limit: number;
}

export interface StateRange {
  fleet: PositionFleet;
  at: Date;
  lookbackSeconds: number;
  afterEntityId: string | null;
  limit: number;
}

export interface ExportRange {
  fleet: PositionFleet;
  from: Date;
  to: Date;
  after: HistoryPosition | null;
  limit: number;
}

/** One KPI bucket: its start (exact text) and the fleet's measures, camelCase, null where a mean has no readings. */
export interface KpiBucketRow {
  bucket: string;
  values: Record<string, number | null>;
}

// Times leave the database as text with microseconds: a JS Date would round to milliseconds and a
// keyset cursor built from it could repeat or skip rows. Aliases must not be "recorded_at", or ORDER BY
// would sort by the text and lose the primary key's order.
const exactTime = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
// The origin of ub_bucket (migration 005) and of time_bucket, so these buckets line up with the roll-ups.
const BUCKET_ORIGIN = `TIMESTAMPTZ '2000-01-03 00:00:00+00'`;

export function readingColumns(fleet: PositionFleet, prefix = '', indent = '  '): string {
  const { idColumn, properties } = POSITION_HISTORY[fleet];
  // The properties leave as their own columns; readingRowOf gathers them. Built as one jsonb per row
  // in SQL they cost a third of a whole-city state read (11,000 bikes).
  return [
    `${prefix}${idColumn} AS entity_id`,
    `${exactTime(`${prefix}recorded_at`)} AS recorded_at_text`,
    `${prefix}seq`,
    `${prefix}lon`,
    `${prefix}lat`,
    ...properties.map(({ column }) => `${prefix}${column}`),
  ].join(`,\n${indent}`);
}

// $1 ids, $2 from, $3 to, $4/$5/$6 keyset position to resume after, $7 limit.
// `id = ANY` on the key's leading column keeps the primary key's order: one ordered index scan, no sort.
function tracksSql(fleet: PositionFleet): string {
  const { table, idColumn: id } = POSITION_HISTORY[fleet];
  return `
SELECT
  ${readingColumns(fleet)}
FROM ${table}
WHERE ${id} = ANY($1::text[])
  AND recorded_at >= $2::timestamptz
  AND recorded_at < $3::timestamptz
  AND (${id}, recorded_at, seq) > ($4::text, $5::timestamptz, $6::bigint)
ORDER BY ${id}, recorded_at, seq
LIMIT $7
`;
}

// $1..$7 as tracksSql, $8 bucket width in seconds. The last reading of each entity in each bucket.
// DISTINCT ON needs the rows sorted by bucket, which the planner cannot see is the key's order: this
// sorts what the keyset leaves of the window, so long windows should come from the roll-ups instead.
function sampledTracksSql(fleet: PositionFleet): string {
  const { table, idColumn: id } = POSITION_HISTORY[fleet];
  return `
SELECT DISTINCT ON (${id}, bucket)
  ${exactTime(`date_bin(make_interval(secs => $8), recorded_at, ${BUCKET_ORIGIN})`)} AS bucket_text,
  date_bin(make_interval(secs => $8), recorded_at, ${BUCKET_ORIGIN}) AS bucket,
  ${readingColumns(fleet)}
FROM ${table}
WHERE ${id} = ANY($1::text[])
  AND recorded_at >= $2::timestamptz
  AND recorded_at < $3::timestamptz
  AND (${id}, recorded_at, seq) > ($4::text, $5::timestamptz, $6::bigint)
ORDER BY ${id}, bucket, recorded_at DESC, seq DESC
LIMIT $7
`;
}

// $1 at, $2 at minus the lookback, $3 resume after this entity id ('' for the first page), $4 limit.
// A loose index scan: the recursive part walks the distinct ids through the primary key (one descent
// each), and each id's last reading in (at - lookback, at] is one backward descent of the same key.
// Neither the history's length nor the window's row count is read. PostgreSQL evaluates the recursion
// only as far as LIMIT pulls it, and the nested loop keeps the walk's (id) order, so no sort is needed.
// A fleet whose state is read `lookback` (POSITION_HISTORY) instead reads the lookback's rows through the
// time index (or the chunks inside it) and keeps each id's newest: one sort of the window, no descents.
function stateSql(fleet: PositionFleet): string {
  const { table, idColumn: id, stateRead } = POSITION_HISTORY[fleet];
  if (stateRead === 'lookback') {
    return `
SELECT
  ${readingColumns(fleet, 'last.')}
FROM (
  SELECT DISTINCT ON (r.${id}) r.*
  FROM ${table} r
  WHERE r.${id} > $3::text
    AND r.recorded_at <= $1::timestamptz
    AND r.recorded_at > $2::timestamptz
  ORDER BY r.${id}, r.recorded_at DESC, r.seq DESC
  LIMIT $4
) last
ORDER BY last.${id}
`;
  }
  return `
WITH RECURSIVE entity (id) AS (
  (SELECT ${id} FROM ${table} WHERE ${id} > $3::text ORDER BY ${id} LIMIT 1)
  UNION ALL
  SELECT (SELECT n.${id} FROM ${table} n WHERE n.${id} > entity.id ORDER BY n.${id} LIMIT 1)
  FROM entity
  WHERE entity.id IS NOT NULL
)
SELECT last.*
FROM entity
CROSS JOIN LATERAL (
  SELECT
    ${readingColumns(fleet, 'r.', '    ')}
  FROM ${table} r
  WHERE r.${id} = entity.id
    AND r.recorded_at <= $1::timestamptz
    AND r.recorded_at > $2::timestamptz
  ORDER BY r.recorded_at DESC, r.seq DESC
  LIMIT 1
) last
LIMIT $4
`;
}

// $1 from, $2 to, $3/$4/$5 keyset position, $6 batch size. Export reads the window in key order, in
// batches, so memory stays bounded and no transaction is held open while the client downloads.
// Without a time index (plain mode) a filter on the window alone would scan and sort the whole table
// for every batch; walking the distinct ids (as stateSql does) and reading each one's window as a
// primary-key range touches only the window's rows plus one descent per entity.
function exportSql(fleet: PositionFleet): string {
  const { table, idColumn: id } = POSITION_HISTORY[fleet];
  return `
WITH RECURSIVE entity (id) AS (
  (SELECT ${id} FROM ${table} WHERE ${id} >= $3::text ORDER BY ${id} LIMIT 1)
  UNION ALL
  SELECT (SELECT n.${id} FROM ${table} n WHERE n.${id} > entity.id ORDER BY n.${id} LIMIT 1)
  FROM entity
  WHERE entity.id IS NOT NULL
)
SELECT reading.*
FROM entity
CROSS JOIN LATERAL (
  SELECT
    ${readingColumns(fleet, 'r.', '    ')}
  FROM ${table} r
  WHERE r.${id} = entity.id
    AND r.recorded_at >= $1::timestamptz
    AND r.recorded_at < $2::timestamptz
    AND (r.${id}, r.recorded_at, r.seq) > ($3::text, $4::timestamptz, $5::bigint)
  ORDER BY r.recorded_at, r.seq
  LIMIT $6
) reading
LIMIT $6
`;
}

// KPI series: $1 bucket width in seconds, $2 from, $3 to. Every bucket from the one holding `from` to the
// last starting before `to` is listed, empty ones too (counts 0, means null), so charts do not jump.
// Read from the roll-ups (migrations 005/006), never the raw tables: a bucket that is a whole number of
// hours reads the 1-hour roll-ups, any other the 1-minute ones (the API offers 1m and 1h). Buckets are
// whole roll-up buckets, so a `to` inside a bucket counts that bucket whole.
type RollupWidth = KpiRollup;

const KPI_BUCKETS_CTE = `
buckets AS (
  SELECT generate_series(
    date_bin(make_interval(secs => $1), $2::timestamptz, ${BUCKET_ORIGIN}),
    $3::timestamptz - INTERVAL '1 microsecond',
    make_interval(secs => $1)
  ) AS bucket
)`;
const bucketOf = `date_bin(make_interval(secs => $1), bucket, ${BUCKET_ORIGIN})`;
// Up to the end of the last listed bucket, not `to`: a bucket of several roll-up buckets counts whole at
// both ends, as `from` rounded down does (with the API's 1m and 1h buckets the two are the same).
const inKpiWindowOf = (column: string) =>
  `${column} >= date_bin(make_interval(secs => $1), $2::timestamptz, ${BUCKET_ORIGIN}) AND ${column} < date_bin(make_interval(secs => $1), $3::timestamptz - INTERVAL '1 microsecond', ${BUCKET_ORIGIN}) + make_interval(secs => $1)`;
const inKpiWindow = inKpiWindowOf('bucket');

// Fleet-wide roll-ups (migration 007): one row a roll-up bucket. Where a series bucket holds several of
// them (whole-hour multiples), sums add up and "active" becomes the busiest roll-up bucket's count (a
// peak: a distinct count over the longer bucket is not in the roll-ups); with the API's 1m and 1h
// buckets each series bucket is one roll-up bucket and every figure is exact. Mean speed is weighted by
// readings; distance and delivered load are defined in migration 006 (speed x the 1 Hz interval; the
// load's fall while UNLOADING).
const truckKpisSql = (width: RollupWidth) => `
WITH ${KPI_BUCKETS_CTE},
per_bucket AS (
  SELECT
    ${bucketOf} AS bucket,
    max(trucks_active) AS active_trucks,
    sum(speed_sum_kmh) / nullif(sum(readings), 0) AS mean_speed_kmh,
    sum(load_delivered_kg) AS load_delivered_kg,
    sum(readings) AS readings,
    sum(distance_km) AS distance_km
  FROM truck_fleet_activity_${width}
  WHERE ${inKpiWindow}
  GROUP BY 1
)
SELECT
  ${exactTime('b.bucket')} AS bucket_text,
  coalesce(p.active_trucks, 0)::int AS "activeTrucks",
  p.mean_speed_kmh::float8 AS "meanSpeedKmh",
  coalesce(p.load_delivered_kg, 0)::float8 AS "loadDeliveredKg",
  coalesce(p.readings, 0)::int AS "readings",
  coalesce(p.distance_km, 0)::float8 AS "distanceKm"
FROM buckets b
LEFT JOIN per_bucket p ON p.bucket = b.bucket
ORDER BY b.bucket
`;

// Trip ends are BikeEventKind 2; "ended outside fences" is where the rider left the bike. bikesOutsideFences
// counts the bikes whose last event in the bucket left them parked outside any fence (a peak, like
// distinctBikes, for a bucket of several roll-up buckets).
const bikeKpisSql = (width: RollupWidth) => `
WITH ${KPI_BUCKETS_CTE},
per_bucket AS (
  SELECT
    ${bucketOf} AS bucket,
    sum(events) AS events,
    sum(trips_ended) AS trips_ended,
    sum(trips_ended_outside) AS ended_outside_fences,
    max(bikes_active) AS distinct_bikes,
    max(bikes_parked_outside) AS bikes_outside_fences
  FROM bike_fleet_activity_${width}
  WHERE ${inKpiWindow}
  GROUP BY 1
)
SELECT
  ${exactTime('b.bucket')} AS bucket_text,
  coalesce(p.events, 0)::int AS "events",
  coalesce(p.trips_ended, 0)::int AS "tripsEnded",
  coalesce(p.ended_outside_fences, 0)::int AS "endedOutsideFences",
  coalesce(p.distinct_bikes, 0)::int AS "distinctBikes",
  coalesce(p.bikes_outside_fences, 0)::int AS "bikesOutsideFences"
FROM buckets b
LEFT JOIN per_bucket p ON p.bucket = b.bucket
ORDER BY b.bucket
`;

// Debris collected is each boat's rise of its cumulative (per shift) debris, per minute (migration 006).
const boatKpisSql = (width: RollupWidth) => `
WITH ${KPI_BUCKETS_CTE},
per_bucket AS (
  SELECT
    ${bucketOf} AS bucket,
    max(boats_active) AS active_boats,
    sum(debris_collected_kg) AS debris_kg,
    sum(battery_sum_pct) / nullif(sum(readings), 0) AS mean_battery_pct,
    sum(distance_km) AS distance_km
  FROM boat_fleet_activity_${width}
  WHERE ${inKpiWindow}
  GROUP BY 1
)
SELECT
  ${exactTime('b.bucket')} AS bucket_text,
  coalesce(p.active_boats, 0)::int AS "activeBoats",
  coalesce(p.debris_kg, 0)::float8 AS "debrisCollectedKg",
  p.mean_battery_pct::float8 AS "meanBatteryPct",
  coalesce(p.distance_km, 0)::float8 AS "distanceKm"
FROM buckets b
LEFT JOIN per_bucket p ON p.bucket = b.bucket
ORDER BY b.bucket
`;

// The roll-up holds means per corridor and direction; weighting them by their observations gives the
// mean over every observation of the bucket.
const corridorKpisSql = (width: RollupWidth) => `
WITH ${KPI_BUCKETS_CTE},
per_bucket AS (
  SELECT
    ${bucketOf} AS bucket,
    sum(arrivals_on_green_pct * observations) / nullif(sum(observations) FILTER (WHERE arrivals_on_green_pct IS NOT NULL), 0) AS mean_arrivals_on_green_pct,
    sum(travel_time_ratio * observations) / nullif(sum(observations) FILTER (WHERE travel_time_ratio IS NOT NULL), 0) AS mean_travel_time_ratio,
    sum(stops * observations) / nullif(sum(observations) FILTER (WHERE stops IS NOT NULL), 0) AS mean_stops,
    sum(observations) AS observations
  FROM corridor_kpis_${width}
  WHERE ${inKpiWindow}
  GROUP BY 1
)
SELECT
  ${exactTime('b.bucket')} AS bucket_text,
  p.mean_arrivals_on_green_pct::float8 AS "meanArrivalsOnGreenPct",
  p.mean_travel_time_ratio::float8 AS "meanTravelTimeRatio",
  p.mean_stops::float8 AS "meanStops",
  coalesce(p.observations, 0)::int AS "observations"
FROM buckets b
LEFT JOIN per_bucket p ON p.bucket = b.bucket
ORDER BY b.bucket
`;

// Calls by the hour (migration 009): received, reached on scene with their response times summed, closed;
// each counted in the hour of its event, so the mean response is over the calls reached on scene in that hour.
// Percentiles cannot be added up from roll-up rows, so p50/p90 are read from the raw ON_SCENE events of
// the window (tens to a few hundred a day; the (stage, recorded_at) index reads only them). They are given
// only for buckets the roll-up holds, so a bucket not rolled up yet reads empty throughout, like every KPI.
const ON_SCENE = CallStage.ON_SCENE;
const responseSeconds = 'extract(epoch FROM recorded_at - received_at)';
const ambulanceKpisSql = (width: RollupWidth) => `
WITH ${KPI_BUCKETS_CTE},
per_bucket AS (
  SELECT
    ${bucketOf} AS bucket,
    sum(calls_received) AS calls_received,
    sum(calls_on_scene) AS calls_on_scene,
    sum(calls_closed) AS calls_closed,
    sum(response_s_sum) AS response_s_sum
  FROM ambulance_calls_${width}
  WHERE ${inKpiWindow}
  GROUP BY 1
),
response AS (
  SELECT
    date_bin(make_interval(secs => $1), recorded_at, ${BUCKET_ORIGIN}) AS bucket,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY ${responseSeconds}) AS p50_s,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY ${responseSeconds}) AS p90_s
  FROM emergency_call_events
  WHERE stage = ${ON_SCENE}
    AND ${inKpiWindowOf('recorded_at')}
  GROUP BY 1
)
SELECT
  ${exactTime('b.bucket')} AS bucket_text,
  coalesce(p.calls_received, 0)::int AS "callsReceived",
  coalesce(p.calls_on_scene, 0)::int AS "callsOnScene",
  coalesce(p.calls_closed, 0)::int AS "callsClosed",
  (p.response_s_sum / nullif(p.calls_on_scene, 0))::float8 AS "meanResponseS",
  (CASE WHEN p.bucket IS NOT NULL THEN r.p50_s END)::float8 AS "responseP50S",
  (CASE WHEN p.bucket IS NOT NULL THEN r.p90_s END)::float8 AS "responseP90S"
FROM buckets b
LEFT JOIN per_bucket p ON p.bucket = b.bucket
LEFT JOIN response r ON r.bucket = b.bucket
ORDER BY b.bucket
`;

const KPI_SQL: Record<KpiFleet, (width: RollupWidth) => string> = {
  trucks: truckKpisSql,
  bikes: bikeKpisSql,
  boats: boatKpisSql,
  ambulances: ambulanceKpisSql,
  corridors: corridorKpisSql,
};

// The newest bucket each fleet's roll-up holds: a series' buckets from its end on are not rolled up yet (the
// refresh runs behind the clock), not empty, and the response says so (rolledUpTo) beside the zeros.
const ROLLUP_TABLE: Record<KpiFleet, string> = {
  trucks: 'truck_fleet_activity',
  bikes: 'bike_fleet_activity',
  boats: 'boat_fleet_activity',
  ambulances: 'ambulance_calls',
  corridors: 'corridor_kpis',
};
const rolledUpSql = (width: RollupWidth) => (fleet: KpiFleet) => `SELECT ${exactTime('max(bucket)')} AS last_bucket_text FROM ${ROLLUP_TABLE[fleet]}_${width}`;

// Only the fleets rolled up at this width (KPI_ROLLUPS): the query parser refuses the others' buckets.
const kpisFrom = (width: RollupWidth, sql: (fleet: KpiFleet) => string = (fleet) => KPI_SQL[fleet](width)): Partial<Record<KpiFleet, string>> =>
  Object.fromEntries(KPI_FLEETS.filter((fleet) => kpiRollupsOf(fleet).includes(width)).map((fleet) => [fleet, sql(fleet)]));

/** The roll-up a KPI series of this bucket width reads: hours for whole hours, minutes otherwise. */
export function kpiRollupFor(bucketSeconds: number): RollupWidth {
  return bucketSeconds % 3600 === 0 ? '1h' : '1m';
}

const perFleet = (build: (fleet: PositionFleet) => string) => Object.fromEntries(POSITION_FLEETS.map((fleet) => [fleet, build(fleet)])) as Record<PositionFleet, string>;

/** Every query this repository runs, by snapshot name (queries/<name>.sql). */
export const HISTORY_SQL = {
  TRACKS: perFleet(tracksSql),
  SAMPLED_TRACKS: perFleet(sampledTracksSql),
  STATE: perFleet(stateSql),
  EXPORT: perFleet(exportSql),
  KPIS_1M: kpisFrom('1m'),
  KPIS_1H: kpisFrom('1h'),
  KPIS_ROLLED_UP_1M: kpisFrom('1m', rolledUpSql('1m')),
  KPIS_ROLLED_UP_1H: kpisFrom('1h', rolledUpSql('1h')),
};

/** The KPI query of a fleet for buckets of this width; a fleet without that roll-up is a caller's bug (parseKpisQuery refuses it). */
export function kpiSqlFor(fleet: KpiFleet, bucketSeconds: number): string {
  const width = kpiRollupFor(bucketSeconds);
  const sql = (width === '1h' ? HISTORY_SQL.KPIS_1H : HISTORY_SQL.KPIS_1M)[fleet];
  if (sql === undefined) throw new Error(`${fleet} have no ${width} roll-up`);
  return sql;
}

export interface ReadingSqlRow {
  entity_id: string;
  recorded_at_text: string;
  seq: string; // bigint arrives as text
  lon: number;
  lat: number;
  /** The fleet's property columns (POSITION_HISTORY[fleet].properties), under their column names. */
  [column: string]: unknown;
}

/** A fleet's rows as history answers them: the property columns gathered under their names. */
export function readingRowOf(fleet: PositionFleet): (row: ReadingSqlRow) => HistoryReadingRow {
  const properties = POSITION_HISTORY[fleet].properties;
  return (row) => {
    const values: Record<string, unknown> = {};
    for (const { name, column } of properties) values[name] = row[column] ?? null;
    return { entityId: row.entity_id, recordedAt: row.recorded_at_text, seq: Number(row.seq), lon: row.lon, lat: row.lat, properties: values };
  };
}

// Before the first reading of any entity: '' sorts before every id, and seq is never negative.
const START = (from: Date): [string, string, number] => ['', from.toISOString(), -1];

@Injectable()
export class HistoryRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Readings of the listed entities in [from, to), ordered by (entity, time, seq), after `after`, at most `limit`. */
  async findTracks(range: TracksRange): Promise<HistoryReadingRow[]> {
    const rows = await this.query<ReadingSqlRow>(HISTORY_SQL.TRACKS[range.fleet], [range.ids, range.from.toISOString(), range.to.toISOString(), ...position(range), range.limit]);
    return rows.map(readingRowOf(range.fleet));
  }

  /** The last reading of each entity in each `everySeconds` bucket, ordered by (entity, bucket). */
  async findSampledTracks(range: TracksRange, everySeconds: number): Promise<SampledReadingRow[]> {
    const params = [range.ids, range.from.toISOString(), range.to.toISOString(), ...position(range), range.limit, everySeconds];
    const rows = await this.query<ReadingSqlRow & { bucket_text: string }>(HISTORY_SQL.SAMPLED_TRACKS[range.fleet], params);
    const toRow = readingRowOf(range.fleet);
    return rows.map((row) => ({ ...toRow(row), bucket: row.bucket_text }));
  }

  /** Each entity's last reading in (at - lookback, at], ordered by entity id, after `afterEntityId`. */
  async findStateAt(range: StateRange): Promise<HistoryReadingRow[]> {
    const lookbackStart = new Date(range.at.getTime() - range.lookbackSeconds * 1000);
    const params = [range.at.toISOString(), lookbackStart.toISOString(), range.afterEntityId ?? '', range.limit];
    return (await this.query<ReadingSqlRow>(HISTORY_SQL.STATE[range.fleet], params)).map(readingRowOf(range.fleet));
  }

  /** One batch of a fleet's readings in [from, to), in key order, after `after`. */
  async findExportBatch(range: ExportRange): Promise<HistoryReadingRow[]> {
    const params = [range.from.toISOString(), range.to.toISOString(), ...position(range), range.limit];
    return (await this.query<ReadingSqlRow>(HISTORY_SQL.EXPORT[range.fleet], params)).map(readingRowOf(range.fleet));
  }

  /** The fleet's KPI buckets covering [from, to), every bucket present, from the roll-ups. */
  async findKpis(fleet: KpiFleet, bucketSeconds: number, from: Date, to: Date): Promise<KpiBucketRow[]> {
    const rows = await this.query<Record<string, number | null> & { bucket_text: string }>(kpiSqlFor(fleet, bucketSeconds), [bucketSeconds, from.toISOString(), to.toISOString()]);
    return rows.map(({ bucket_text, ...values }) => ({ bucket: bucket_text, values }));
  }

  /** The end of the newest bucket the roll-up behind this fleet's series holds (null when it holds none). */
  async findKpisRolledUpTo(fleet: KpiFleet, bucketSeconds: number): Promise<Date | null> {
    const width = kpiRollupFor(bucketSeconds);
    const sql = (width === '1h' ? HISTORY_SQL.KPIS_ROLLED_UP_1H : HISTORY_SQL.KPIS_ROLLED_UP_1M)[fleet];
    if (sql === undefined) throw new Error(`${fleet} have no ${width} roll-up`);
    const [row] = await this.query<{ last_bucket_text: string | null }>(sql, []);
    if (!row?.last_bucket_text) return null;
    return new Date(Date.parse(row.last_bucket_text) + (width === '1h' ? 3_600_000 : 60_000));
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

function position(range: { from: Date; after: HistoryPosition | null }): [string, string, number] {
  return range.after ? [range.after.entityId, range.after.recordedAt, range.after.seq] : START(range.from);
}
