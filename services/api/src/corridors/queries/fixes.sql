-- Snapshot of CORRIDOR_FIXES_SQL in ../corridors.repository.ts (corridors.repository.spec.ts fails when they differ).
-- $1 from, $2 to, $3..$6 west, south, east, north. The trucks' and ambulances' fixes in the window near the corridor.
SELECT 'trucks' AS fleet, truck_id AS vehicle_id, (extract(epoch FROM recorded_at) * 1000)::float8 AS t_ms, lon, lat
FROM truck_readings
WHERE recorded_at >= $1::timestamptz AND recorded_at < $2::timestamptz
  AND lon BETWEEN $3::float8 AND $5::float8 AND lat BETWEEN $4::float8 AND $6::float8
UNION ALL
SELECT 'ambulances' AS fleet, ambulance_id AS vehicle_id, (extract(epoch FROM recorded_at) * 1000)::float8 AS t_ms, lon, lat
FROM ambulance_readings
WHERE recorded_at >= $1::timestamptz AND recorded_at < $2::timestamptz
  AND lon BETWEEN $3::float8 AND $5::float8 AND lat BETWEEN $4::float8 AND $6::float8
