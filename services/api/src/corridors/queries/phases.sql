-- Snapshot of CORRIDOR_PHASES_SQL in ../corridors.repository.ts (corridors.repository.spec.ts fails when they differ).
-- $1 corridor, $2 from, $3 to. Every through-movement phase change of the corridor from 5 minutes before the window to its end.
SELECT
  intersection_id,
  phase_state,
  (extract(epoch FROM start_at) * 1000)::float8 AS start_ms,
  (extract(epoch FROM max_end_at) * 1000)::float8 AS max_end_ms
FROM signal_phase_changes
WHERE corridor_id = $1::text
  AND recorded_at >= $2::timestamptz - INTERVAL '300 seconds'
  AND recorded_at < $3::timestamptz
  AND start_at < $3::timestamptz
ORDER BY intersection_id, start_at, seq
