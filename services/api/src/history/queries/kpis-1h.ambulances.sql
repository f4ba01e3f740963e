-- Snapshot of HISTORY_SQL.KPIS_1H.ambulances in ../history.repository.ts (history.repository.spec.ts fails when they differ).
-- $1 bucket width in seconds (a whole number of hours), $2 from (rounded down to the bucket), $3 to (exclusive).
-- Every bucket is listed (generate_series LEFT JOIN); reads the roll-up ambulance_calls_1h (migration 009), one row a bucket, the same name in both database modes,
-- and, for p50/p90 only, the ON_SCENE rows (stage 3) of emergency_call_events in the window through emergency_call_events_stage_idx (stage, recorded_at).
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
    sum(calls_received) AS calls_received,
    sum(calls_on_scene) AS calls_on_scene,
    sum(calls_closed) AS calls_closed,
    sum(response_s_sum) AS response_s_sum
  FROM ambulance_calls_1h
  WHERE bucket >= date_bin(make_interval(secs => $1), $2::timestamptz, TIMESTAMPTZ '2000-01-03 00:00:00+00') AND bucket < date_bin(make_interval(secs => $1), $3::timestamptz - INTERVAL '1 microsecond', TIMESTAMPTZ '2000-01-03 00:00:00+00') + make_interval(secs => $1)
  GROUP BY 1
),
response AS (
  SELECT
    date_bin(make_interval(secs => $1), recorded_at, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS bucket,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM recorded_at - received_at)) AS p50_s,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM recorded_at - received_at)) AS p90_s
  FROM emergency_call_events
  WHERE stage = 3
    AND recorded_at >= date_bin(make_interval(secs => $1), $2::timestamptz, TIMESTAMPTZ '2000-01-03 00:00:00+00') AND recorded_at < date_bin(make_interval(secs => $1), $3::timestamptz - INTERVAL '1 microsecond', TIMESTAMPTZ '2000-01-03 00:00:00+00') + make_interval(secs => $1)
  GROUP BY 1
)
SELECT
  to_char(b.bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS bucket_text,
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
