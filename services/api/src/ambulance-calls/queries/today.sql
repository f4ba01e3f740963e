-- Snapshot of AMBULANCE_TODAY_SQL in ../ambulance-calls.repository.ts (ambulance-calls.repository.spec.ts fails when they differ).
-- $1 the instant, $2 the city's time zone (Asia/Shanghai). One row: local midnight of the day holding the instant, open calls,
-- calls received and reached on scene from midnight to the instant, response p50/p90 (s) of the latter.
-- Plan (a month at the city's call rate, both modes): each read of emergency_call_events an index range over at most a day of recorded_at
-- (emergency_call_events_stage_idx, or the hypertable's recorded_at index), the open calls a Hash Anti Join of RECEIVED and CLOSED; no Seq Scan.
WITH open_calls AS (
  SELECT count(DISTINCT r.call_id) AS calls
  FROM emergency_call_events r
  WHERE r.stage = 1
    AND r.recorded_at > $1::timestamptz - INTERVAL '24 hours'
    AND r.recorded_at <= $1::timestamptz
    AND NOT EXISTS (
      SELECT 1 FROM emergency_call_events c
      WHERE c.call_id = r.call_id
        AND c.stage = 6
        AND c.recorded_at > $1::timestamptz - INTERVAL '24 hours'
        AND c.recorded_at <= $1::timestamptz
    )
),
received AS (
  SELECT count(DISTINCT call_id) AS calls
  FROM emergency_call_events
  WHERE stage = 1
    AND recorded_at >= (date_trunc('day', $1::timestamptz AT TIME ZONE $2::text) AT TIME ZONE $2::text)
    AND recorded_at <= $1::timestamptz
),
on_scene AS (
  SELECT
    count(*) AS calls,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM recorded_at - received_at)) AS p50_s,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM recorded_at - received_at)) AS p90_s
  FROM emergency_call_events
  WHERE stage = 3
    AND recorded_at >= (date_trunc('day', $1::timestamptz AT TIME ZONE $2::text) AT TIME ZONE $2::text)
    AND recorded_at <= $1::timestamptz
)
SELECT
  to_char((date_trunc('day', $1::timestamptz AT TIME ZONE $2::text) AT TIME ZONE $2::text) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS day_start_text,
  open_calls.calls::int AS open_calls,
  received.calls::int AS calls_received,
  on_scene.calls::int AS calls_on_scene,
  on_scene.p50_s::float8 AS response_p50_s,
  on_scene.p90_s::float8 AS response_p90_s
FROM open_calls, received, on_scene
