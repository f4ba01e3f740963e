-- Snapshot of HISTORY_SQL.EXPORT.trucks in ../history.repository.ts (history.repository.spec.ts fails when they differ).
-- $1 from, $2 to, $3/$4/$5 (id, time, seq) to resume after, $6 batch size.
-- Plan: Recursive Union over distinct ids, Nested Loop with one primary-key range scan per id; no Sort, no scan of the table.
WITH RECURSIVE entity (id) AS (
  (SELECT truck_id FROM truck_readings WHERE truck_id >= $3::text ORDER BY truck_id LIMIT 1)
  UNION ALL
  SELECT (SELECT n.truck_id FROM truck_readings n WHERE n.truck_id > entity.id ORDER BY n.truck_id LIMIT 1)
  FROM entity
  WHERE entity.id IS NOT NULL
)
SELECT reading.*
FROM entity
CROSS JOIN LATERAL (
  SELECT
    r.truck_id AS entity_id,
    to_char(r.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at_text,
    r.seq,
    r.lon,
    r.lat,
    r.speed_kmh,
    r.heading_deg,
    r.load_kg,
    r.task_state,
    r.kind
  FROM truck_readings r
  WHERE r.truck_id = entity.id
    AND r.recorded_at >= $1::timestamptz
    AND r.recorded_at < $2::timestamptz
    AND (r.truck_id, r.recorded_at, r.seq) > ($3::text, $4::timestamptz, $5::bigint)
  ORDER BY r.recorded_at, r.seq
  LIMIT $6
) reading
LIMIT $6
