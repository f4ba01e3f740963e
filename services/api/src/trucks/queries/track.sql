-- Snapshot of TRACK_SQL in ../trucks.repository.ts (trucks.repository.spec.ts fails when they differ).
-- $1 truck_id, $2 from (inclusive), $3 to (exclusive), $4/$5 keyset position to resume after, $6 limit.
-- Served by the primary key (truck_id, recorded_at, seq): one index range scan, already in order.
SELECT
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at_text,
  seq,
  lon,
  lat,
  speed_kmh,
  heading_deg,
  load_kg,
  task_state,
  kind
FROM truck_readings
WHERE truck_id = $1
  AND recorded_at >= $2::timestamptz
  AND recorded_at < $3::timestamptz
  AND (recorded_at, seq) > ($4::timestamptz, $5::bigint)
ORDER BY recorded_at, seq
LIMIT $6
