-- Snapshot of HISTORY_SQL.KPIS.bikes in ../history.repository.ts (history.repository.spec.ts fails when they differ).
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
    count(*) AS events,
    count(*) FILTER (WHERE kind = 2) AS trips_ended,
    count(*) FILTER (WHERE kind = 2 AND NOT in_fence) AS ended_outside_fences,
    count(DISTINCT bike_id) AS distinct_bikes
  FROM bike_events
  WHERE recorded_at >= date_bin(make_interval(secs => $1), $2::timestamptz, TIMESTAMPTZ '2000-01-03 00:00:00+00') AND recorded_at < $3::timestamptz
  GROUP BY 1
)
SELECT
  to_char(b.bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS bucket_text,
  coalesce(p.events, 0)::int AS "events",
  coalesce(p.trips_ended, 0)::int AS "tripsEnded",
  coalesce(p.ended_outside_fences, 0)::int AS "endedOutsideFences",
  coalesce(p.distinct_bikes, 0)::int AS "distinctBikes"
FROM buckets b
LEFT JOIN per_bucket p ON p.bucket = b.bucket
ORDER BY b.bucket
