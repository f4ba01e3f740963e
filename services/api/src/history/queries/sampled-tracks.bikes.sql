-- Snapshot of HISTORY_SQL.SAMPLED_TRACKS.bikes in ../history.repository.ts (history.repository.spec.ts fails when they differ).
-- $1..$7 as tracks, $8 bucket width in seconds: the last reading per entity per bucket.
-- Plan: Index Scan of the primary key, then Sort + Unique for DISTINCT ON (the bucket order is not visible to the planner).
SELECT DISTINCT ON (bike_id, bucket)
  to_char(date_bin(make_interval(secs => $8), recorded_at, TIMESTAMPTZ '2000-01-03 00:00:00+00') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS bucket_text,
  date_bin(make_interval(secs => $8), recorded_at, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS bucket,
  bike_id AS entity_id,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at_text,
  seq,
  lon,
  lat,
  kind,
  fence_id,
  in_fence,
  is_ebike,
  battery_pct,
  operator
FROM bike_events
WHERE bike_id = ANY($1::text[])
  AND recorded_at >= $2::timestamptz
  AND recorded_at < $3::timestamptz
  AND (bike_id, recorded_at, seq) > ($4::text, $5::timestamptz, $6::bigint)
ORDER BY bike_id, bucket, recorded_at DESC, seq DESC
LIMIT $7
