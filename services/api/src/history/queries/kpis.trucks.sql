-- Snapshot of HISTORY_SQL.KPIS.trucks in ../history.repository.ts (history.repository.spec.ts fails when they differ).
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
reading AS (
  SELECT
    date_bin(make_interval(secs => $1), recorded_at, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS bucket,
    truck_id,
    speed_kmh,
    task_state,
    load_kg,
    lag(load_kg) OVER (PARTITION BY truck_id ORDER BY recorded_at, seq) AS previous_load_kg
  FROM truck_readings
  WHERE recorded_at >= date_bin(make_interval(secs => $1), $2::timestamptz, TIMESTAMPTZ '2000-01-03 00:00:00+00') AND recorded_at < $3::timestamptz
),
per_bucket AS (
  SELECT
    bucket,
    count(DISTINCT truck_id) AS active_trucks,
    avg(speed_kmh) AS mean_speed_kmh,
    sum(greatest(previous_load_kg - load_kg, 0)) FILTER (WHERE task_state = 6) AS load_delivered_kg,
    count(*) AS readings
  FROM reading
  GROUP BY bucket
)
SELECT
  to_char(b.bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS bucket_text,
  coalesce(p.active_trucks, 0)::int AS "activeTrucks",
  p.mean_speed_kmh::float8 AS "meanSpeedKmh",
  coalesce(p.load_delivered_kg, 0)::float8 AS "loadDeliveredKg",
  coalesce(p.readings, 0)::int AS "readings"
FROM buckets b
LEFT JOIN per_bucket p ON p.bucket = b.bucket
ORDER BY b.bucket
