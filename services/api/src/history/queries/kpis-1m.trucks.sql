-- Snapshot of HISTORY_SQL.KPIS_1M.trucks in ../history.repository.ts (history.repository.spec.ts fails when they differ).
-- $1 bucket width in seconds (any other width), $2 from (rounded down to the bucket), $3 to (exclusive).
-- Every bucket is listed (generate_series LEFT JOIN); reads the roll-up truck_fleet_activity_1m (migrations 005-007), one row a bucket, the same name in both database modes.
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
    max(trucks_active) AS active_trucks,
    sum(speed_sum_kmh) / nullif(sum(readings), 0) AS mean_speed_kmh,
    sum(load_delivered_kg) AS load_delivered_kg,
    sum(readings) AS readings,
    sum(distance_km) AS distance_km
  FROM truck_fleet_activity_1m
  WHERE bucket >= date_bin(make_interval(secs => $1), $2::timestamptz, TIMESTAMPTZ '2000-01-03 00:00:00+00') AND bucket < date_bin(make_interval(secs => $1), $3::timestamptz - INTERVAL '1 microsecond', TIMESTAMPTZ '2000-01-03 00:00:00+00') + make_interval(secs => $1)
  GROUP BY 1
)
SELECT
  to_char(b.bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS bucket_text,
  coalesce(p.active_trucks, 0)::int AS "activeTrucks",
  p.mean_speed_kmh::float8 AS "meanSpeedKmh",
  coalesce(p.load_delivered_kg, 0)::float8 AS "loadDeliveredKg",
  coalesce(p.readings, 0)::int AS "readings",
  coalesce(p.distance_km, 0)::float8 AS "distanceKm"
FROM buckets b
LEFT JOIN per_bucket p ON p.bucket = b.bucket
ORDER BY b.bucket
