-- Snapshot of HISTORY_SQL.KPIS_1M.boats in ../history.repository.ts (history.repository.spec.ts fails when they differ).
-- $1 bucket width in seconds (any other width), $2 from (rounded down to the bucket), $3 to (exclusive).
-- Every bucket is listed (generate_series LEFT JOIN); reads the roll-up boat_fleet_activity_1m (migrations 005-007), one row a bucket, the same name in both database modes.
WITH 
buckets AS (
  SELECT generate_series(
    date_bin(make_interval(secs => $1), $2::timestamptz, TIMESTAMPTZ '2000-01-03 00:00:00+00'),
    $3::timestamptz - INTERVAL '1 microsecond',
    make_interval(secs => $1)
  ) AS bucket
),
per_bucket AS (
  SELECT
    date_bin(make_interval(secs => $1), bucket, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS bucket,
    max(boats_active) AS active_boats,
    sum(debris_collected_kg) AS debris_kg,
    sum(battery_sum_pct) / nullif(sum(readings), 0) AS mean_battery_pct,
    sum(distance_km) AS distance_km
  FROM boat_fleet_activity_1m
  WHERE bucket >= date_bin(make_interval(secs => $1), $2::timestamptz, TIMESTAMPTZ '2000-01-03 00:00:00+00') AND bucket < date_bin(make_interval(secs => $1), $3::timestamptz - INTERVAL '1 microsecond', TIMESTAMPTZ '2000-01-03 00:00:00+00') + make_interval(secs => $1)
  GROUP BY 1
)
SELECT
  to_char(b.bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS bucket_text,
  coalesce(p.active_boats, 0)::int AS "activeBoats",
  coalesce(p.debris_kg, 0)::float8 AS "debrisCollectedKg",
  p.mean_battery_pct::float8 AS "meanBatteryPct",
  coalesce(p.distance_km, 0)::float8 AS "distanceKm"
FROM buckets b
LEFT JOIN per_bucket p ON p.bucket = b.bucket
ORDER BY b.bucket
