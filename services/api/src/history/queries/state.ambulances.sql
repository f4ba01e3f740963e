-- Snapshot of HISTORY_SQL.STATE.ambulances in ../history.repository.ts (history.repository.spec.ts fails when they differ).
-- $1 at, $2 at minus the lookback, $3 id to resume after ('' first), $4 limit.
-- Plan: Recursive Union walking distinct ids through the primary key, Nested Loop with one Index Scan Backward per id; no Sort.
WITH RECURSIVE entity (id) AS (
  (SELECT ambulance_id FROM ambulance_readings WHERE ambulance_id > $3::text ORDER BY ambulance_id LIMIT 1)
  UNION ALL
  SELECT (SELECT n.ambulance_id FROM ambulance_readings n WHERE n.ambulance_id > entity.id ORDER BY n.ambulance_id LIMIT 1)
  FROM entity
  WHERE entity.id IS NOT NULL
)
SELECT last.*
FROM entity
CROSS JOIN LATERAL (
  SELECT
    r.ambulance_id AS entity_id,
    to_char(r.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at_text,
    r.seq,
    r.lon,
    r.lat,
    r.speed_kmh,
    r.heading_deg,
    r.state,
    r.call_id,
    r.station_id
  FROM ambulance_readings r
  WHERE r.ambulance_id = entity.id
    AND r.recorded_at <= $1::timestamptz
    AND r.recorded_at > $2::timestamptz
  ORDER BY r.recorded_at DESC, r.seq DESC
  LIMIT 1
) last
LIMIT $4
