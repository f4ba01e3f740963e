-- Snapshot of HISTORY_SQL.TRACKS.ambulances in ../history.repository.ts (history.repository.spec.ts fails when they differ).
-- $1 ids, $2 from (inclusive), $3 to (exclusive), $4/$5/$6 (id, time, seq) to resume after, $7 limit.
-- Plan: one Index Scan of the primary key with id = ANY and the row comparison as index conditions; already in order, no Sort.
SELECT
  ambulance_id AS entity_id,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at_text,
  seq,
  lon,
  lat,
  speed_kmh,
  heading_deg,
  state,
  call_id,
  station_id
FROM ambulance_readings
WHERE ambulance_id = ANY($1::text[])
  AND recorded_at >= $2::timestamptz
  AND recorded_at < $3::timestamptz
  AND (ambulance_id, recorded_at, seq) > ($4::text, $5::timestamptz, $6::bigint)
ORDER BY ambulance_id, recorded_at, seq
LIMIT $7
