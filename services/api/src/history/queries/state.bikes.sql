-- Snapshot of HISTORY_SQL.STATE.bikes in ../history.repository.ts (history.repository.spec.ts fails when they differ).
-- $1 at, $2 at minus the lookback, $3 id to resume after ('' first), $4 limit.
-- Plan (POSITION_HISTORY.bikes.stateRead = lookback): the lookback's rows by the time index or the chunks inside it, Sort, Unique, Limit; no Recursive Union.
SELECT
  last.bike_id AS entity_id,
  to_char(last.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at_text,
  last.seq,
  last.lon,
  last.lat,
  last.kind,
  last.fence_id,
  last.in_fence,
  last.is_ebike,
  last.battery_pct,
  last.operator
FROM (
  SELECT DISTINCT ON (r.bike_id) r.*
  FROM bike_events r
  WHERE r.bike_id > $3::text
    AND r.recorded_at <= $1::timestamptz
    AND r.recorded_at > $2::timestamptz
  ORDER BY r.bike_id, r.recorded_at DESC, r.seq DESC
  LIMIT $4
) last
ORDER BY last.bike_id
