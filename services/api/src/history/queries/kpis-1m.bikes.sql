-- Snapshot of HISTORY_SQL.KPIS_1M.bikes in ../history.repository.ts (history.repository.spec.ts fails when they differ).
-- $1 bucket width in seconds (any other width), $2 from (rounded down to the bucket), $3 to (exclusive).
-- Every bucket is listed (generate_series LEFT JOIN); reads the roll-up bike_fleet_activity_1m (migrations 005-007), one row a bucket, the same name in both database modes.
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
    sum(events) AS events,
    sum(trips_ended) AS trips_ended,
    sum(trips_ended_outside) AS ended_outside_fences,
    max(bikes_active) AS distinct_bikes,
    max(bikes_parked_outside) AS bikes_outside_fences
  FROM bike_fleet_activity_1m
  WHERE bucket >= date_bin(make_interval(secs => $1), $2::timestamptz, TIMESTAMPTZ '2000-01-03 00:00:00+00') AND bucket < date_bin(make_interval(secs => $1), $3::timestamptz - INTERVAL '1 microsecond', TIMESTAMPTZ '2000-01-03 00:00:00+00') + make_interval(secs => $1)
  GROUP BY 1
)
SELECT
  to_char(b.bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS bucket_text,
  coalesce(p.events, 0)::int AS "events",
  coalesce(p.trips_ended, 0)::int AS "tripsEnded",
  coalesce(p.ended_outside_fences, 0)::int AS "endedOutsideFences",
  coalesce(p.distinct_bikes, 0)::int AS "distinctBikes",
  coalesce(p.bikes_outside_fences, 0)::int AS "bikesOutsideFences"
FROM buckets b
LEFT JOIN per_bucket p ON p.bucket = b.bucket
ORDER BY b.bucket
