-- Snapshot of HISTORY_SQL.EXPORT.bikes in ../history.repository.ts (history.repository.spec.ts fails when they differ).
-- $1 from, $2 to, $3/$4/$5 (id, time, seq) to resume after, $6 batch size.
-- Plan: Recursive Union over distinct ids, Nested Loop with one primary-key range scan per id; no Sort, no scan of the table.
WITH RECURSIVE entity (id) AS (
  (SELECT bike_id FROM bike_events WHERE bike_id >= $3::text ORDER BY bike_id LIMIT 1)
  UNION ALL
  SELECT (SELECT n.bike_id FROM bike_events n WHERE n.bike_id > entity.id ORDER BY n.bike_id LIMIT 1)
  FROM entity
  WHERE entity.id IS NOT NULL
)
SELECT reading.*
FROM entity
CROSS JOIN LATERAL (
  SELECT
    r.bike_id AS entity_id,
    to_char(r.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at_text,
    r.seq,
    r.lon,
    r.lat,
    r.kind,
    r.fence_id,
    r.in_fence,
    r.is_ebike,
    r.battery_pct,
    r.operator
  FROM bike_events r
  WHERE r.bike_id = entity.id
    AND r.recorded_at >= $1::timestamptz
    AND r.recorded_at < $2::timestamptz
    AND (r.bike_id, r.recorded_at, r.seq) > ($3::text, $4::timestamptz, $5::bigint)
  ORDER BY r.recorded_at, r.seq
  LIMIT $6
) reading
LIMIT $6
