-- Snapshot of CORRIDOR_OBSERVED_SQL in ../corridors.repository.ts (corridors.repository.spec.ts fails when they differ).
-- $1 corridor, $2 from, $3 to. One row: the detector windows closed in (from, to], means weighted by vehicles.
SELECT
  count(*)::int AS windows,
  coalesce(sum(vehicles), 0)::int AS vehicles,
  coalesce(sum(arrivals_on_green_pct * vehicles) / nullif(sum(vehicles), 0), 0)::float8 AS arrivals_on_green_pct,
  coalesce(sum(stops * vehicles) / nullif(sum(vehicles), 0), 0)::float8 AS stops,
  coalesce(sum(travel_time_s * vehicles) / nullif(sum(vehicles), 0), 0)::float8 AS travel_time_s,
  coalesce(avg(design_travel_time_s), 0)::float8 AS design_travel_time_s
FROM corridor_observations
WHERE corridor_id = $1::text
  AND recorded_at > $2::timestamptz
  AND recorded_at <= $3::timestamptz
