-- Snapshot of HISTORY_SQL.STATE.bikes in ../history.repository.ts (history.repository.spec.ts fails when they differ).
-- $1 at, $2 at minus the lookback, $3 id to resume after ('' first), $4 limit.
-- Plan: Recursive Union walking distinct ids through the primary key, Nested Loop with one Index Scan Backward per id; no Sort.
WITH RECURSIVE entity (id) AS (
  (SELECT bike_id FROM bike_events WHERE bike_id > $3::text ORDER BY bike_id LIMIT 1)
  UNION ALL
  SELECT (SELECT n.bike_id FROM bike_events n WHERE n.bike_id > entity.id ORDER BY n.bike_id LIMIT 1)
  FROM entity
  WHERE entity.id IS NOT NULL
)
SELECT last.*
FROM entity
CROSS JOIN LATERAL (
  SELECT
    r.bike_id AS entity_id,
    to_char(r.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at_text,
    r.seq,
    r.lon,
    r.lat,
    jsonb_build_object('kind', r.kind, 'fenceId', r.fence_id, 'inFence', r.in_fence, 'isEbike', r.is_ebike, 'batteryPct', r.battery_pct, 'operator', r.operator) AS properties
  FROM bike_events r
  WHERE r.bike_id = entity.id
    AND r.recorded_at <= $1::timestamptz
    AND r.recorded_at > $2::timestamptz
  ORDER BY r.recorded_at DESC, r.seq DESC
  LIMIT 1
) last
LIMIT $4
