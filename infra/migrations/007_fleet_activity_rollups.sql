-- Fleet-wide activity per bucket, so a KPI series reads one row a bucket (1,440 for a day of minutes)
-- instead of one per entity and bucket (172,800 for the trucks' day: ~1 s to aggregate at query time,
-- measured by bench/history-query.bench.mjs). Built on 006's per-entity activity of the same width, so
-- "<fleet>_active" is a distinct count of the bucket's entities; the other columns are sums of 006's.
-- Same names in both modes: continuous aggregates under TimescaleDB, tables refreshed with the
-- per-entity ones otherwise.

-- ---------------------------------------------------------------------------------------------
-- TimescaleDB mode
-- ---------------------------------------------------------------------------------------------
DO $do$
DECLARE w text;
BEGIN
  IF NOT ub_timescaledb_usable() THEN RETURN; END IF;

  FOREACH w IN ARRAY ARRAY['1m', '1h'] LOOP
    EXECUTE format($v$CREATE MATERIALIZED VIEW truck_fleet_activity_%1$s WITH (timescaledb.continuous) AS
      SELECT time_bucket(INTERVAL %2$L, bucket) AS bucket, count(*) AS trucks_active, sum(readings)::bigint AS readings,
             sum(speed_sum_kmh) AS speed_sum_kmh, sum(distance_km) AS distance_km, sum(load_delivered_kg) AS load_delivered_kg
      FROM truck_activity_%1$s GROUP BY 1 WITH NO DATA$v$, w, CASE w WHEN '1m' THEN '1 minute' ELSE '1 hour' END);
    EXECUTE format($v$CREATE MATERIALIZED VIEW bike_fleet_activity_%1$s WITH (timescaledb.continuous) AS
      SELECT time_bucket(INTERVAL %2$L, bucket) AS bucket, count(*) AS bikes_active, sum(events)::bigint AS events,
             sum(trips_ended)::bigint AS trips_ended, sum(trips_ended_outside)::bigint AS trips_ended_outside,
             sum(parked_outside)::bigint AS bikes_parked_outside
      FROM bike_activity_%1$s GROUP BY 1 WITH NO DATA$v$, w, CASE w WHEN '1m' THEN '1 minute' ELSE '1 hour' END);
    EXECUTE format($v$CREATE MATERIALIZED VIEW boat_fleet_activity_%1$s WITH (timescaledb.continuous) AS
      SELECT time_bucket(INTERVAL %2$L, bucket) AS bucket, count(*) AS boats_active, sum(readings)::bigint AS readings,
             sum(speed_sum_kmh) AS speed_sum_kmh, sum(distance_km) AS distance_km, sum(battery_sum_pct) AS battery_sum_pct,
             sum(debris_collected_kg) AS debris_collected_kg
      FROM boat_activity_%1$s GROUP BY 1 WITH NO DATA$v$, w, CASE w WHEN '1m' THEN '1 minute' ELSE '1 hour' END);
  END LOOP;

  -- The same refresh and retention as the other roll-ups.
  PERFORM add_continuous_aggregate_policy(v, start_offset => INTERVAL '2 hours', end_offset => INTERVAL '1 minute',
                                          schedule_interval => INTERVAL '1 minute')
    FROM unnest(ARRAY['truck_fleet_activity_1m', 'bike_fleet_activity_1m', 'boat_fleet_activity_1m']) AS v;
  PERFORM add_continuous_aggregate_policy(v, start_offset => INTERVAL '4 hours', end_offset => INTERVAL '1 minute',
                                          schedule_interval => INTERVAL '10 minutes')
    FROM unnest(ARRAY['truck_fleet_activity_1h', 'bike_fleet_activity_1h', 'boat_fleet_activity_1h']) AS v;
  PERFORM add_retention_policy(v, INTERVAL '180 days')
    FROM unnest(ARRAY['truck_fleet_activity_1m', 'bike_fleet_activity_1m', 'boat_fleet_activity_1m']) AS v;

  -- 006's procedure with these added; each aggregate after the one it reads.
  EXECUTE $p$CREATE OR REPLACE PROCEDURE ub_refresh_rollups(from_at timestamptz, to_at timestamptz) LANGUAGE plpgsql AS $b$
    DECLARE v text;
    BEGIN
      FOREACH v IN ARRAY ARRAY['truck_positions_1m', 'bike_positions_1m', 'boat_positions_1m', 'corridor_kpis_1m',
                               'truck_kpis_1m', 'bike_kpis_1m', 'boat_kpis_1m',
                               'truck_activity_1m', 'bike_activity_1m', 'boat_activity_1m',
                               'truck_fleet_activity_1m', 'bike_fleet_activity_1m', 'boat_fleet_activity_1m',
                               'truck_positions_1h', 'bike_positions_1h', 'boat_positions_1h', 'corridor_kpis_1h',
                               'truck_kpis_1h', 'bike_kpis_1h', 'boat_kpis_1h',
                               'truck_activity_1h', 'bike_activity_1h', 'boat_activity_1h',
                               'truck_fleet_activity_1h', 'bike_fleet_activity_1h', 'boat_fleet_activity_1h'] LOOP
        CALL refresh_continuous_aggregate(v::regclass, from_at, to_at);
        COMMIT;
      END LOOP;
    END $b$$p$;
END $do$;

-- ---------------------------------------------------------------------------------------------
-- Plain PostgreSQL mode
-- ---------------------------------------------------------------------------------------------
DO $do$
BEGIN
  IF ub_timescaledb_usable() THEN RETURN; END IF;

  CREATE TABLE truck_fleet_activity_1m (
    bucket timestamptz PRIMARY KEY, trucks_active bigint NOT NULL, readings bigint NOT NULL,
    speed_sum_kmh double precision NOT NULL, distance_km double precision NOT NULL, load_delivered_kg double precision NOT NULL);
  CREATE TABLE truck_fleet_activity_1h (LIKE truck_fleet_activity_1m INCLUDING ALL);
  CREATE TABLE bike_fleet_activity_1m (
    bucket timestamptz PRIMARY KEY, bikes_active bigint NOT NULL, events bigint NOT NULL, trips_ended bigint NOT NULL,
    trips_ended_outside bigint NOT NULL, bikes_parked_outside bigint NOT NULL);
  CREATE TABLE bike_fleet_activity_1h (LIKE bike_fleet_activity_1m INCLUDING ALL);
  CREATE TABLE boat_fleet_activity_1m (
    bucket timestamptz PRIMARY KEY, boats_active bigint NOT NULL, readings bigint NOT NULL, speed_sum_kmh double precision NOT NULL,
    distance_km double precision NOT NULL, battery_sum_pct double precision NOT NULL, debris_collected_kg double precision NOT NULL);
  CREATE TABLE boat_fleet_activity_1h (LIKE boat_fleet_activity_1m INCLUDING ALL);

  -- 006's minute and hour windows call ub_refresh_activity by name: it becomes the per-entity part
  -- followed by these sums over what it just wrote.
  ALTER PROCEDURE ub_refresh_activity(interval, timestamptz, timestamptz) RENAME TO ub_refresh_entity_activity;
  EXECUTE $p$CREATE PROCEDURE ub_refresh_activity(width interval, lo timestamptz, hi timestamptz) LANGUAGE plpgsql AS $b$
    DECLARE w text := CASE WHEN width = INTERVAL '1 minute' THEN '1m' ELSE '1h' END;
    BEGIN
      CALL ub_refresh_entity_activity(width, lo, hi);
      EXECUTE format('DELETE FROM truck_fleet_activity_%s WHERE bucket >= $1 AND bucket < $2', w) USING lo, hi;
      EXECUTE format('INSERT INTO truck_fleet_activity_%1$s
        SELECT bucket, count(*), sum(readings), sum(speed_sum_kmh), sum(distance_km), sum(load_delivered_kg)
        FROM truck_activity_%1$s WHERE bucket >= $1 AND bucket < $2 GROUP BY bucket', w) USING lo, hi;
      EXECUTE format('DELETE FROM bike_fleet_activity_%s WHERE bucket >= $1 AND bucket < $2', w) USING lo, hi;
      EXECUTE format('INSERT INTO bike_fleet_activity_%1$s
        SELECT bucket, count(*), sum(events), sum(trips_ended), sum(trips_ended_outside), sum(parked_outside)
        FROM bike_activity_%1$s WHERE bucket >= $1 AND bucket < $2 GROUP BY bucket', w) USING lo, hi;
      EXECUTE format('DELETE FROM boat_fleet_activity_%s WHERE bucket >= $1 AND bucket < $2', w) USING lo, hi;
      EXECUTE format('INSERT INTO boat_fleet_activity_%1$s
        SELECT bucket, count(*), sum(readings), sum(speed_sum_kmh), sum(distance_km), sum(battery_sum_pct), sum(debris_collected_kg)
        FROM boat_activity_%1$s WHERE bucket >= $1 AND bucket < $2 GROUP BY bucket', w) USING lo, hi;
    END $b$$p$;

  -- Retention as 006's, with the fleet minutes at 180 days too.
  ALTER FUNCTION ub_apply_retention(timestamptz) RENAME TO ub_apply_activity_retention;
  EXECUTE $f$CREATE FUNCTION ub_apply_retention(now_at timestamptz) RETURNS bigint LANGUAGE plpgsql AS $b$
    DECLARE n bigint; total bigint;
    BEGIN
      total := ub_apply_activity_retention(now_at);
      DELETE FROM truck_fleet_activity_1m WHERE bucket < now_at - INTERVAL '180 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      DELETE FROM bike_fleet_activity_1m WHERE bucket < now_at - INTERVAL '180 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      DELETE FROM boat_fleet_activity_1m WHERE bucket < now_at - INTERVAL '180 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      RETURN total;
    END $b$$f$;
END $do$;
