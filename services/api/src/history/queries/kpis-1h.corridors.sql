-- Snapshot of HISTORY_SQL.KPIS_1H.corridors in ../history.repository.ts (history.repository.spec.ts fails when they differ).
-- $1 bucket width in seconds (a whole number of hours), $2 from (rounded down to the bucket), $3 to (exclusive).
-- Every bucket is listed (generate_series LEFT JOIN); reads the roll-up corridor_kpis_1h (migrations 005-007), one row a bucket, the same name in both database modes.
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
    sum(arrivals_on_green_pct * observations) / nullif(sum(observations) FILTER (WHERE arrivals_on_green_pct IS NOT NULL), 0) AS mean_arrivals_on_green_pct,
    sum(travel_time_ratio * observations) / nullif(sum(observations) FILTER (WHERE travel_time_ratio IS NOT NULL), 0) AS mean_travel_time_ratio,
    sum(stops * observations) / nullif(sum(observations) FILTER (WHERE stops IS NOT NULL), 0) AS mean_stops,
    sum(observations) AS observations
  FROM corridor_kpis_1h
  WHERE bucket >= date_bin(make_interval(secs => $1), $2::timestamptz, TIMESTAMPTZ '2000-01-03 00:00:00+00') AND bucket < date_bin(make_interval(secs => $1), $3::timestamptz - INTERVAL '1 microsecond', TIMESTAMPTZ '2000-01-03 00:00:00+00') + make_interval(secs => $1)
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
