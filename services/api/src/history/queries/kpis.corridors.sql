-- Snapshot of HISTORY_SQL.KPIS.corridors in ../history.repository.ts (history.repository.spec.ts fails when they differ).
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
per_bucket AS (
  SELECT
    date_bin(make_interval(secs => $1), recorded_at, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS bucket,
    avg(arrivals_on_green_pct) AS mean_arrivals_on_green_pct,
    avg(travel_time_s / nullif(design_travel_time_s, 0)) AS mean_travel_time_ratio,
    avg(stops) AS mean_stops,
    count(*) AS observations
  FROM corridor_observations
  WHERE recorded_at >= date_bin(make_interval(secs => $1), $2::timestamptz, TIMESTAMPTZ '2000-01-03 00:00:00+00') AND recorded_at < $3::timestamptz
  GROUP BY 1
)
SELECT
  to_char(b.bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS bucket_text,
  p.mean_arrivals_on_green_pct::float8 AS "meanArrivalsOnGreenPct",
  p.mean_travel_time_ratio::float8 AS "meanTravelTimeRatio",
  p.mean_stops::float8 AS "meanStops",
  coalesce(p.observations, 0)::int AS "observations"
FROM buckets b
LEFT JOIN per_bucket p ON p.bucket = b.bucket
ORDER BY b.bucket
