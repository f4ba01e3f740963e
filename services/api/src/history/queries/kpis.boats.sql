-- Snapshot of HISTORY_SQL.KPIS.boats in ../history.repository.ts (history.repository.spec.ts fails when they differ).
-- $1 bucket width in seconds, $2 from (rounded down to the bucket), $3 to (exclusive).
-- Every bucket is listed (generate_series LEFT JOIN); date_bin on the raw table, correct with or without TimescaleDB.
WITH 
buckets AS (
  SELECT generate_series(
    date_bin(make_interval(secs => $1), $2::timestamptz, TIMESTAMPTZ '2000-01-03 00:00:00+00'),
    $3::timestamptz - INTERVAL '1 microsecond',
    make_interval(secs => $1)
  ) AS bucket
),
per_boat AS (
  SELECT
    date_bin(make_interval(secs => $1), recorded_at, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS bucket,
    boat_id,
    max(debris_kg) - min(debris_kg) AS debris_kg,
    sum(battery_pct) AS battery_sum,
    count(*) AS readings
  FROM boat_readings
  WHERE recorded_at >= date_bin(make_interval(secs => $1), $2::timestamptz, TIMESTAMPTZ '2000-01-03 00:00:00+00') AND recorded_at < $3::timestamptz
  GROUP BY 1, 2
),
per_bucket AS (
  SELECT bucket, count(*) AS active_boats, sum(debris_kg) AS debris_kg, sum(battery_sum) / sum(readings) AS mean_battery_pct
  FROM per_boat
  GROUP BY bucket
)
SELECT
  to_char(b.bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS bucket_text,
  coalesce(p.active_boats, 0)::int AS "activeBoats",
  coalesce(p.debris_kg, 0)::float8 AS "debrisCollectedKg",
  p.mean_battery_pct::float8 AS "meanBatteryPct"
FROM buckets b
LEFT JOIN per_bucket p ON p.bucket = b.bucket
ORDER BY b.bucket
