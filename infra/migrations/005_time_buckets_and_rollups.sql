-- Time buckets, 1-minute and 1-hour roll-ups per fleet, compression and retention.
--
-- The same names in both modes, so repositories never ask which one they run on:
--   TimescaleDB: continuous aggregates (the 1-hour ones built on the 1-minute ones), refresh,
--                compression and retention policies run by the extension's scheduler.
--   Plain PostgreSQL: ordinary tables with the same columns, filled by CALL ub_refresh_rollups()
--                and trimmed by ub_apply_retention(), both called by ingest's roll-up job.
-- Both modes expose CALL ub_refresh_rollups(from, to) and SELECT ub_apply_retention(now): a procedure,
-- not a function, because refresh_continuous_aggregate() refuses to run inside a function.
--
-- Roll-ups per fleet:
--   <fleet>_positions_1m/_1h: the last reading of every entity in each bucket (replay samples).
--   <fleet>_kpis_1m/_1h: fleet figures per bucket, summed over those samples.
--   corridor_kpis_1m/_1h: travel time ratio, stops, arrivals on green per corridor and direction.
-- Only complete buckets are materialised (as refresh_continuous_aggregate does), so both modes agree.

-- Bucketing over date_bin when TimescaleDB is absent. The origin is time_bucket's default
-- (Monday 2000-01-03 UTC), so weekly buckets line up in both modes too.
DO $do$
BEGIN
  IF ub_timescaledb_usable() THEN
    EXECUTE $f$CREATE FUNCTION ub_bucket(width interval, ts timestamptz) RETURNS timestamptz
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT time_bucket(width, ts)'$f$;
  ELSE
    EXECUTE $f$CREATE FUNCTION ub_bucket(width interval, ts timestamptz) RETURNS timestamptz
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $b$SELECT date_bin(width, ts, TIMESTAMPTZ '2000-01-03 00:00:00+00')$b$$f$;
  END IF;
END $do$;

-- ---------------------------------------------------------------------------------------------
-- TimescaleDB mode
-- ---------------------------------------------------------------------------------------------
DO $do$
BEGIN
  IF NOT ub_timescaledb_usable() THEN RETURN; END IF;

  -- Trucks. Casts pin the column types to the plain-mode tables' ones.
  EXECUTE $v$CREATE MATERIALIZED VIEW truck_positions_1m WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 minute', recorded_at) AS bucket, truck_id,
           max(recorded_at) AS last_at,
           last(lon, recorded_at) AS lon, last(lat, recorded_at) AS lat,
           last(speed_kmh, recorded_at) AS speed_kmh, last(heading_deg, recorded_at) AS heading_deg,
           last(load_kg, recorded_at) AS load_kg,
           last(task_state, recorded_at) AS task_state, last(kind, recorded_at) AS kind,
           count(*) AS readings
    FROM truck_readings GROUP BY 1, 2 WITH NO DATA$v$;
  EXECUTE $v$CREATE MATERIALIZED VIEW truck_positions_1h WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 hour', bucket) AS bucket, truck_id,
           max(last_at) AS last_at,
           last(lon, last_at) AS lon, last(lat, last_at) AS lat,
           last(speed_kmh, last_at) AS speed_kmh, last(heading_deg, last_at) AS heading_deg,
           last(load_kg, last_at) AS load_kg,
           last(task_state, last_at) AS task_state, last(kind, last_at) AS kind,
           sum(readings)::bigint AS readings
    FROM truck_positions_1m GROUP BY 1, 2 WITH NO DATA$v$;

  -- Bikes. "Outside a fence" counts parked bikes only: a bike on a trip is in no fence by design.
  EXECUTE $v$CREATE MATERIALIZED VIEW bike_positions_1m WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 minute', recorded_at) AS bucket, bike_id,
           max(recorded_at) AS last_at,
           last(lon, recorded_at) AS lon, last(lat, recorded_at) AS lat,
           last(kind, recorded_at) AS kind, last(fence_id, recorded_at) AS fence_id,
           last(in_fence, recorded_at) AS in_fence, last(battery_pct, recorded_at) AS battery_pct,
           count(*) AS events
    FROM bike_events GROUP BY 1, 2 WITH NO DATA$v$;
  EXECUTE $v$CREATE MATERIALIZED VIEW bike_positions_1h WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 hour', bucket) AS bucket, bike_id,
           max(last_at) AS last_at,
           last(lon, last_at) AS lon, last(lat, last_at) AS lat,
           last(kind, last_at) AS kind, last(fence_id, last_at) AS fence_id,
           last(in_fence, last_at) AS in_fence, last(battery_pct, last_at) AS battery_pct,
           sum(events)::bigint AS events
    FROM bike_positions_1m GROUP BY 1, 2 WITH NO DATA$v$;

  -- Boats. debris_kg is cumulative per shift, so the last value of a bucket is the boat's total so far.
  EXECUTE $v$CREATE MATERIALIZED VIEW boat_positions_1m WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 minute', recorded_at) AS bucket, boat_id,
           max(recorded_at) AS last_at,
           last(lon, recorded_at) AS lon, last(lat, recorded_at) AS lat,
           last(speed_kmh, recorded_at) AS speed_kmh, last(heading_deg, recorded_at) AS heading_deg,
           last(task_state, recorded_at) AS task_state, last(debris_kg, recorded_at) AS debris_kg,
           last(battery_pct, recorded_at) AS battery_pct,
           count(*) AS readings
    FROM boat_readings GROUP BY 1, 2 WITH NO DATA$v$;
  EXECUTE $v$CREATE MATERIALIZED VIEW boat_positions_1h WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 hour', bucket) AS bucket, boat_id,
           max(last_at) AS last_at,
           last(lon, last_at) AS lon, last(lat, last_at) AS lat,
           last(speed_kmh, last_at) AS speed_kmh, last(heading_deg, last_at) AS heading_deg,
           last(task_state, last_at) AS task_state, last(debris_kg, last_at) AS debris_kg,
           last(battery_pct, last_at) AS battery_pct,
           sum(readings)::bigint AS readings
    FROM boat_positions_1m GROUP BY 1, 2 WITH NO DATA$v$;

  -- Fleet KPIs over the per-entity samples of the same width.
  EXECUTE $v$CREATE MATERIALIZED VIEW truck_kpis_1m WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 minute', bucket) AS bucket,
           count(*) AS trucks_active, count(*) FILTER (WHERE load_kg > 0) AS trucks_loaded,
           sum(load_kg)::double precision AS load_kg, sum(readings)::bigint AS readings
    FROM truck_positions_1m GROUP BY 1 WITH NO DATA$v$;
  EXECUTE $v$CREATE MATERIALIZED VIEW truck_kpis_1h WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 hour', bucket) AS bucket,
           count(*) AS trucks_active, count(*) FILTER (WHERE load_kg > 0) AS trucks_loaded,
           sum(load_kg)::double precision AS load_kg, sum(readings)::bigint AS readings
    FROM truck_positions_1h GROUP BY 1 WITH NO DATA$v$;
  EXECUTE $v$CREATE MATERIALIZED VIEW bike_kpis_1m WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 minute', bucket) AS bucket,
           count(*) AS bikes_active, count(*) FILTER (WHERE NOT in_fence AND kind <> 1) AS bikes_outside_fence,
           sum(events)::bigint AS events
    FROM bike_positions_1m GROUP BY 1 WITH NO DATA$v$;
  EXECUTE $v$CREATE MATERIALIZED VIEW bike_kpis_1h WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 hour', bucket) AS bucket,
           count(*) AS bikes_active, count(*) FILTER (WHERE NOT in_fence AND kind <> 1) AS bikes_outside_fence,
           sum(events)::bigint AS events
    FROM bike_positions_1h GROUP BY 1 WITH NO DATA$v$;
  EXECUTE $v$CREATE MATERIALIZED VIEW boat_kpis_1m WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 minute', bucket) AS bucket,
           count(*) AS boats_active, sum(debris_kg)::double precision AS debris_kg, sum(readings)::bigint AS readings
    FROM boat_positions_1m GROUP BY 1 WITH NO DATA$v$;
  EXECUTE $v$CREATE MATERIALIZED VIEW boat_kpis_1h WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 hour', bucket) AS bucket,
           count(*) AS boats_active, sum(debris_kg)::double precision AS debris_kg, sum(readings)::bigint AS readings
    FROM boat_positions_1h GROUP BY 1 WITH NO DATA$v$;

  -- Corridors: averages over observations; the hour re-weights the minutes by their observation count.
  EXECUTE $v$CREATE MATERIALIZED VIEW corridor_kpis_1m WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 minute', recorded_at) AS bucket, corridor_id, direction,
           count(*) AS observations,
           avg(travel_time_s::double precision / NULLIF(design_travel_time_s, 0)) AS travel_time_ratio,
           avg(stops::double precision) AS stops,
           avg(arrivals_on_green_pct::double precision) AS arrivals_on_green_pct,
           sum(vehicles)::bigint AS vehicles
    FROM corridor_observations GROUP BY 1, 2, 3 WITH NO DATA$v$;
  EXECUTE $v$CREATE MATERIALIZED VIEW corridor_kpis_1h WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 hour', bucket) AS bucket, corridor_id, direction,
           sum(observations)::bigint AS observations,
           sum(travel_time_ratio * observations) / sum(observations) AS travel_time_ratio,
           sum(stops * observations) / sum(observations) AS stops,
           sum(arrivals_on_green_pct * observations) / sum(observations) AS arrivals_on_green_pct,
           sum(vehicles)::bigint AS vehicles
    FROM corridor_kpis_1m GROUP BY 1, 2, 3 WITH NO DATA$v$;

  -- Refresh: minutes every minute over the last 2 hours (late readings land within that), hours every 10 minutes.
  PERFORM add_continuous_aggregate_policy(v, start_offset => INTERVAL '2 hours', end_offset => INTERVAL '1 minute',
                                          schedule_interval => INTERVAL '1 minute')
    FROM unnest(ARRAY['truck_positions_1m', 'bike_positions_1m', 'boat_positions_1m',
                      'truck_kpis_1m', 'bike_kpis_1m', 'boat_kpis_1m', 'corridor_kpis_1m']) AS v;
  PERFORM add_continuous_aggregate_policy(v, start_offset => INTERVAL '4 hours', end_offset => INTERVAL '1 minute',
                                          schedule_interval => INTERVAL '10 minutes')
    FROM unnest(ARRAY['truck_positions_1h', 'bike_positions_1h', 'boat_positions_1h',
                      'truck_kpis_1h', 'bike_kpis_1h', 'boat_kpis_1h', 'corridor_kpis_1h']) AS v;

  -- Compression: chunks older than a week, segmented by entity so a track decompresses one segment.
  ALTER TABLE truck_readings SET (timescaledb.compress, timescaledb.compress_segmentby = 'truck_id', timescaledb.compress_orderby = 'recorded_at DESC, seq DESC');
  ALTER TABLE bike_events SET (timescaledb.compress, timescaledb.compress_segmentby = 'bike_id', timescaledb.compress_orderby = 'recorded_at DESC, seq DESC');
  ALTER TABLE boat_readings SET (timescaledb.compress, timescaledb.compress_segmentby = 'boat_id', timescaledb.compress_orderby = 'recorded_at DESC, seq DESC');
  ALTER TABLE signal_phase_changes SET (timescaledb.compress, timescaledb.compress_segmentby = 'intersection_id', timescaledb.compress_orderby = 'recorded_at DESC, seq DESC');
  ALTER TABLE corridor_observations SET (timescaledb.compress, timescaledb.compress_segmentby = 'corridor_id', timescaledb.compress_orderby = 'recorded_at DESC, seq DESC');
  PERFORM add_compression_policy(t, INTERVAL '7 days')
    FROM unnest(ARRAY['truck_readings', 'bike_events', 'boat_readings', 'signal_phase_changes']) AS t;
  -- Week-long chunks: compress once a whole chunk is past the late-data horizon.
  PERFORM add_compression_policy('corridor_observations', INTERVAL '14 days');
  ALTER MATERIALIZED VIEW truck_positions_1m SET (timescaledb.compress = true, timescaledb.compress_segmentby = 'truck_id');
  ALTER MATERIALIZED VIEW bike_positions_1m SET (timescaledb.compress = true, timescaledb.compress_segmentby = 'bike_id');
  ALTER MATERIALIZED VIEW boat_positions_1m SET (timescaledb.compress = true, timescaledb.compress_segmentby = 'boat_id');
  PERFORM add_compression_policy(v, INTERVAL '7 days')
    FROM unnest(ARRAY['truck_positions_1m', 'bike_positions_1m', 'boat_positions_1m']) AS v;

  -- Retention: raw 30 days, 1-minute roll-ups 180 days, 1-hour roll-ups kept.
  PERFORM add_retention_policy(t, INTERVAL '30 days')
    FROM unnest(ARRAY['truck_readings', 'bike_events', 'boat_readings', 'signal_phase_changes', 'corridor_observations']) AS t;
  PERFORM add_retention_policy(v, INTERVAL '180 days')
    FROM unnest(ARRAY['truck_positions_1m', 'bike_positions_1m', 'boat_positions_1m',
                      'truck_kpis_1m', 'bike_kpis_1m', 'boat_kpis_1m', 'corridor_kpis_1m']) AS v;

  -- The policies above do the work; these keep callers mode-agnostic. Hours after minutes:
  -- each 1-hour aggregate reads its 1-minute parent.
  EXECUTE $p$CREATE PROCEDURE ub_refresh_rollups(from_at timestamptz, to_at timestamptz) LANGUAGE plpgsql AS $b$
    DECLARE v text;
    BEGIN
      FOREACH v IN ARRAY ARRAY['truck_positions_1m', 'bike_positions_1m', 'boat_positions_1m', 'corridor_kpis_1m',
                               'truck_kpis_1m', 'bike_kpis_1m', 'boat_kpis_1m',
                               'truck_positions_1h', 'bike_positions_1h', 'boat_positions_1h', 'corridor_kpis_1h',
                               'truck_kpis_1h', 'bike_kpis_1h', 'boat_kpis_1h'] LOOP
        CALL refresh_continuous_aggregate(v::regclass, from_at, to_at);
        COMMIT;
      END LOOP;
    END $b$$p$;
  EXECUTE $f$CREATE FUNCTION ub_apply_retention(now_at timestamptz) RETURNS bigint LANGUAGE sql STABLE AS 'SELECT 0::bigint'$f$;
END $do$;

-- ---------------------------------------------------------------------------------------------
-- Plain PostgreSQL mode
-- ---------------------------------------------------------------------------------------------
DO $do$
BEGIN
  IF ub_timescaledb_usable() THEN RETURN; END IF;

  -- Keys lead with the entity: "one truck between two times" is a range scan; the bucket
  -- indexes serve "every entity at an instant" (replay seek) and the KPI series.
  CREATE TABLE truck_positions_1m (
    bucket timestamptz NOT NULL, truck_id text NOT NULL, last_at timestamptz NOT NULL,
    lon double precision NOT NULL, lat double precision NOT NULL, speed_kmh real NOT NULL, heading_deg real NOT NULL,
    load_kg real NOT NULL, task_state smallint NOT NULL, kind smallint NOT NULL, readings bigint NOT NULL,
    PRIMARY KEY (truck_id, bucket));
  CREATE TABLE truck_positions_1h (LIKE truck_positions_1m INCLUDING ALL);
  CREATE TABLE bike_positions_1m (
    bucket timestamptz NOT NULL, bike_id text NOT NULL, last_at timestamptz NOT NULL,
    lon double precision NOT NULL, lat double precision NOT NULL, kind smallint NOT NULL, fence_id text,
    in_fence boolean NOT NULL, battery_pct real NOT NULL, events bigint NOT NULL,
    PRIMARY KEY (bike_id, bucket));
  CREATE TABLE bike_positions_1h (LIKE bike_positions_1m INCLUDING ALL);
  CREATE TABLE boat_positions_1m (
    bucket timestamptz NOT NULL, boat_id text NOT NULL, last_at timestamptz NOT NULL,
    lon double precision NOT NULL, lat double precision NOT NULL, speed_kmh real NOT NULL, heading_deg real NOT NULL,
    task_state smallint NOT NULL, debris_kg real NOT NULL, battery_pct real NOT NULL, readings bigint NOT NULL,
    PRIMARY KEY (boat_id, bucket));
  CREATE TABLE boat_positions_1h (LIKE boat_positions_1m INCLUDING ALL);
  CREATE INDEX truck_positions_1m_bucket_idx ON truck_positions_1m (bucket DESC);
  CREATE INDEX truck_positions_1h_bucket_idx ON truck_positions_1h (bucket DESC);
  CREATE INDEX bike_positions_1m_bucket_idx ON bike_positions_1m (bucket DESC);
  CREATE INDEX bike_positions_1h_bucket_idx ON bike_positions_1h (bucket DESC);
  CREATE INDEX boat_positions_1m_bucket_idx ON boat_positions_1m (bucket DESC);
  CREATE INDEX boat_positions_1h_bucket_idx ON boat_positions_1h (bucket DESC);

  CREATE TABLE truck_kpis_1m (
    bucket timestamptz PRIMARY KEY, trucks_active bigint NOT NULL, trucks_loaded bigint NOT NULL,
    load_kg double precision NOT NULL, readings bigint NOT NULL);
  CREATE TABLE truck_kpis_1h (LIKE truck_kpis_1m INCLUDING ALL);
  CREATE TABLE bike_kpis_1m (
    bucket timestamptz PRIMARY KEY, bikes_active bigint NOT NULL, bikes_outside_fence bigint NOT NULL, events bigint NOT NULL);
  CREATE TABLE bike_kpis_1h (LIKE bike_kpis_1m INCLUDING ALL);
  CREATE TABLE boat_kpis_1m (
    bucket timestamptz PRIMARY KEY, boats_active bigint NOT NULL, debris_kg double precision NOT NULL, readings bigint NOT NULL);
  CREATE TABLE boat_kpis_1h (LIKE boat_kpis_1m INCLUDING ALL);
  CREATE TABLE corridor_kpis_1m (
    bucket timestamptz NOT NULL, corridor_id text NOT NULL, direction smallint NOT NULL, observations bigint NOT NULL,
    travel_time_ratio double precision, stops double precision, arrivals_on_green_pct double precision, vehicles bigint NOT NULL,
    PRIMARY KEY (corridor_id, direction, bucket));
  CREATE TABLE corridor_kpis_1h (LIKE corridor_kpis_1m INCLUDING ALL);

  -- Fleet KPIs of one width over the positions of that width: the same sums as the TimescaleDB aggregates.
  EXECUTE $k$CREATE PROCEDURE ub_refresh_fleet_kpis(width interval, lo timestamptz, hi timestamptz) LANGUAGE plpgsql AS $b$
  BEGIN
    IF width = INTERVAL '1 minute' THEN
      DELETE FROM truck_kpis_1m WHERE bucket >= lo AND bucket < hi;
      INSERT INTO truck_kpis_1m
        SELECT bucket, count(*), count(*) FILTER (WHERE load_kg > 0), sum(load_kg), sum(readings)
        FROM truck_positions_1m WHERE bucket >= lo AND bucket < hi GROUP BY bucket
      ON CONFLICT (bucket) DO UPDATE SET trucks_active = EXCLUDED.trucks_active, trucks_loaded = EXCLUDED.trucks_loaded,
        load_kg = EXCLUDED.load_kg, readings = EXCLUDED.readings;
      DELETE FROM bike_kpis_1m WHERE bucket >= lo AND bucket < hi;
      INSERT INTO bike_kpis_1m
        SELECT bucket, count(*), count(*) FILTER (WHERE NOT in_fence AND kind <> 1), sum(events)
        FROM bike_positions_1m WHERE bucket >= lo AND bucket < hi GROUP BY bucket
      ON CONFLICT (bucket) DO UPDATE SET bikes_active = EXCLUDED.bikes_active, bikes_outside_fence = EXCLUDED.bikes_outside_fence,
        events = EXCLUDED.events;
      DELETE FROM boat_kpis_1m WHERE bucket >= lo AND bucket < hi;
      INSERT INTO boat_kpis_1m
        SELECT bucket, count(*), sum(debris_kg), sum(readings)
        FROM boat_positions_1m WHERE bucket >= lo AND bucket < hi GROUP BY bucket
      ON CONFLICT (bucket) DO UPDATE SET boats_active = EXCLUDED.boats_active, debris_kg = EXCLUDED.debris_kg, readings = EXCLUDED.readings;
    ELSE
      DELETE FROM truck_kpis_1h WHERE bucket >= lo AND bucket < hi;
      INSERT INTO truck_kpis_1h
        SELECT bucket, count(*), count(*) FILTER (WHERE load_kg > 0), sum(load_kg), sum(readings)
        FROM truck_positions_1h WHERE bucket >= lo AND bucket < hi GROUP BY bucket
      ON CONFLICT (bucket) DO UPDATE SET trucks_active = EXCLUDED.trucks_active, trucks_loaded = EXCLUDED.trucks_loaded,
        load_kg = EXCLUDED.load_kg, readings = EXCLUDED.readings;
      DELETE FROM bike_kpis_1h WHERE bucket >= lo AND bucket < hi;
      INSERT INTO bike_kpis_1h
        SELECT bucket, count(*), count(*) FILTER (WHERE NOT in_fence AND kind <> 1), sum(events)
        FROM bike_positions_1h WHERE bucket >= lo AND bucket < hi GROUP BY bucket
      ON CONFLICT (bucket) DO UPDATE SET bikes_active = EXCLUDED.bikes_active, bikes_outside_fence = EXCLUDED.bikes_outside_fence,
        events = EXCLUDED.events;
      DELETE FROM boat_kpis_1h WHERE bucket >= lo AND bucket < hi;
      INSERT INTO boat_kpis_1h
        SELECT bucket, count(*), sum(debris_kg), sum(readings)
        FROM boat_positions_1h WHERE bucket >= lo AND bucket < hi GROUP BY bucket
      ON CONFLICT (bucket) DO UPDATE SET boats_active = EXCLUDED.boats_active, debris_kg = EXCLUDED.debris_kg, readings = EXCLUDED.readings;
    END IF;
  END $b$$k$;

  EXECUTE $f$CREATE FUNCTION ub_apply_retention(now_at timestamptz) RETURNS bigint LANGUAGE plpgsql AS $b$
    DECLARE n bigint; total bigint := 0;
    BEGIN
      DELETE FROM truck_readings WHERE recorded_at < now_at - INTERVAL '30 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      DELETE FROM bike_events WHERE recorded_at < now_at - INTERVAL '30 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      DELETE FROM boat_readings WHERE recorded_at < now_at - INTERVAL '30 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      DELETE FROM signal_phase_changes WHERE recorded_at < now_at - INTERVAL '30 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      DELETE FROM corridor_observations WHERE recorded_at < now_at - INTERVAL '30 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      DELETE FROM truck_positions_1m WHERE bucket < now_at - INTERVAL '180 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      DELETE FROM bike_positions_1m WHERE bucket < now_at - INTERVAL '180 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      DELETE FROM boat_positions_1m WHERE bucket < now_at - INTERVAL '180 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      DELETE FROM truck_kpis_1m WHERE bucket < now_at - INTERVAL '180 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      DELETE FROM bike_kpis_1m WHERE bucket < now_at - INTERVAL '180 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      DELETE FROM boat_kpis_1m WHERE bucket < now_at - INTERVAL '180 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      DELETE FROM corridor_kpis_1m WHERE bucket < now_at - INTERVAL '180 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      RETURN total;
    END $b$$f$;

  -- Recomputes the complete buckets inside [from_at, to_at): the window's rows are deleted and
  -- rebuilt (so rows whose readings are gone go too, as a continuous aggregate refresh does),
  -- and ON CONFLICT makes a concurrent refresh of the same window harmless.
  EXECUTE $p$CREATE PROCEDURE ub_refresh_rollups(from_at timestamptz, to_at timestamptz) LANGUAGE plpgsql AS $b$
    DECLARE
      m_lo timestamptz := ub_bucket(INTERVAL '1 minute', from_at - INTERVAL '1 microsecond') + INTERVAL '1 minute';
      m_hi timestamptz := ub_bucket(INTERVAL '1 minute', to_at);
      h_lo timestamptz := ub_bucket(INTERVAL '1 hour', from_at - INTERVAL '1 microsecond') + INTERVAL '1 hour';
      h_hi timestamptz := ub_bucket(INTERVAL '1 hour', to_at);
    BEGIN
      IF m_lo < m_hi THEN
        DELETE FROM truck_positions_1m WHERE bucket >= m_lo AND bucket < m_hi;
        INSERT INTO truck_positions_1m
          SELECT DISTINCT ON (b, truck_id) b, truck_id, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind,
                 count(*) OVER (PARTITION BY b, truck_id)
          FROM (SELECT ub_bucket(INTERVAL '1 minute', recorded_at) AS b, * FROM truck_readings
                WHERE recorded_at >= m_lo AND recorded_at < m_hi) r
          ORDER BY b, truck_id, recorded_at DESC, seq DESC
        ON CONFLICT (truck_id, bucket) DO UPDATE SET last_at = EXCLUDED.last_at, lon = EXCLUDED.lon, lat = EXCLUDED.lat,
          speed_kmh = EXCLUDED.speed_kmh, heading_deg = EXCLUDED.heading_deg, load_kg = EXCLUDED.load_kg,
          task_state = EXCLUDED.task_state, kind = EXCLUDED.kind, readings = EXCLUDED.readings;

        DELETE FROM bike_positions_1m WHERE bucket >= m_lo AND bucket < m_hi;
        INSERT INTO bike_positions_1m
          SELECT DISTINCT ON (b, bike_id) b, bike_id, recorded_at, lon, lat, kind, fence_id, in_fence, battery_pct,
                 count(*) OVER (PARTITION BY b, bike_id)
          FROM (SELECT ub_bucket(INTERVAL '1 minute', recorded_at) AS b, * FROM bike_events
                WHERE recorded_at >= m_lo AND recorded_at < m_hi) r
          ORDER BY b, bike_id, recorded_at DESC, seq DESC
        ON CONFLICT (bike_id, bucket) DO UPDATE SET last_at = EXCLUDED.last_at, lon = EXCLUDED.lon, lat = EXCLUDED.lat,
          kind = EXCLUDED.kind, fence_id = EXCLUDED.fence_id, in_fence = EXCLUDED.in_fence,
          battery_pct = EXCLUDED.battery_pct, events = EXCLUDED.events;

        DELETE FROM boat_positions_1m WHERE bucket >= m_lo AND bucket < m_hi;
        INSERT INTO boat_positions_1m
          SELECT DISTINCT ON (b, boat_id) b, boat_id, recorded_at, lon, lat, speed_kmh, heading_deg, task_state, debris_kg, battery_pct,
                 count(*) OVER (PARTITION BY b, boat_id)
          FROM (SELECT ub_bucket(INTERVAL '1 minute', recorded_at) AS b, * FROM boat_readings
                WHERE recorded_at >= m_lo AND recorded_at < m_hi) r
          ORDER BY b, boat_id, recorded_at DESC, seq DESC
        ON CONFLICT (boat_id, bucket) DO UPDATE SET last_at = EXCLUDED.last_at, lon = EXCLUDED.lon, lat = EXCLUDED.lat,
          speed_kmh = EXCLUDED.speed_kmh, heading_deg = EXCLUDED.heading_deg, task_state = EXCLUDED.task_state,
          debris_kg = EXCLUDED.debris_kg, battery_pct = EXCLUDED.battery_pct, readings = EXCLUDED.readings;

        DELETE FROM corridor_kpis_1m WHERE bucket >= m_lo AND bucket < m_hi;
        INSERT INTO corridor_kpis_1m
          SELECT ub_bucket(INTERVAL '1 minute', recorded_at), corridor_id, direction, count(*),
                 avg(travel_time_s::double precision / NULLIF(design_travel_time_s, 0)), avg(stops::double precision),
                 avg(arrivals_on_green_pct::double precision), sum(vehicles)
          FROM corridor_observations WHERE recorded_at >= m_lo AND recorded_at < m_hi GROUP BY 1, 2, 3
        ON CONFLICT (corridor_id, direction, bucket) DO UPDATE SET observations = EXCLUDED.observations,
          travel_time_ratio = EXCLUDED.travel_time_ratio, stops = EXCLUDED.stops,
          arrivals_on_green_pct = EXCLUDED.arrivals_on_green_pct, vehicles = EXCLUDED.vehicles;

        CALL ub_refresh_fleet_kpis(INTERVAL '1 minute', m_lo, m_hi);
      END IF;

      IF h_lo < h_hi THEN
        DELETE FROM truck_positions_1h WHERE bucket >= h_lo AND bucket < h_hi;
        INSERT INTO truck_positions_1h
          SELECT DISTINCT ON (b, truck_id) b, truck_id, last_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind,
                 sum(readings) OVER (PARTITION BY b, truck_id)
          FROM (SELECT ub_bucket(INTERVAL '1 hour', bucket) AS b, * FROM truck_positions_1m
                WHERE bucket >= h_lo AND bucket < h_hi) m
          ORDER BY b, truck_id, last_at DESC
        ON CONFLICT (truck_id, bucket) DO UPDATE SET last_at = EXCLUDED.last_at, lon = EXCLUDED.lon, lat = EXCLUDED.lat,
          speed_kmh = EXCLUDED.speed_kmh, heading_deg = EXCLUDED.heading_deg, load_kg = EXCLUDED.load_kg,
          task_state = EXCLUDED.task_state, kind = EXCLUDED.kind, readings = EXCLUDED.readings;

        DELETE FROM bike_positions_1h WHERE bucket >= h_lo AND bucket < h_hi;
        INSERT INTO bike_positions_1h
          SELECT DISTINCT ON (b, bike_id) b, bike_id, last_at, lon, lat, kind, fence_id, in_fence, battery_pct,
                 sum(events) OVER (PARTITION BY b, bike_id)
          FROM (SELECT ub_bucket(INTERVAL '1 hour', bucket) AS b, * FROM bike_positions_1m
                WHERE bucket >= h_lo AND bucket < h_hi) m
          ORDER BY b, bike_id, last_at DESC
        ON CONFLICT (bike_id, bucket) DO UPDATE SET last_at = EXCLUDED.last_at, lon = EXCLUDED.lon, lat = EXCLUDED.lat,
          kind = EXCLUDED.kind, fence_id = EXCLUDED.fence_id, in_fence = EXCLUDED.in_fence,
          battery_pct = EXCLUDED.battery_pct, events = EXCLUDED.events;

        DELETE FROM boat_positions_1h WHERE bucket >= h_lo AND bucket < h_hi;
        INSERT INTO boat_positions_1h
          SELECT DISTINCT ON (b, boat_id) b, boat_id, last_at, lon, lat, speed_kmh, heading_deg, task_state, debris_kg, battery_pct,
                 sum(readings) OVER (PARTITION BY b, boat_id)
          FROM (SELECT ub_bucket(INTERVAL '1 hour', bucket) AS b, * FROM boat_positions_1m
                WHERE bucket >= h_lo AND bucket < h_hi) m
          ORDER BY b, boat_id, last_at DESC
        ON CONFLICT (boat_id, bucket) DO UPDATE SET last_at = EXCLUDED.last_at, lon = EXCLUDED.lon, lat = EXCLUDED.lat,
          speed_kmh = EXCLUDED.speed_kmh, heading_deg = EXCLUDED.heading_deg, task_state = EXCLUDED.task_state,
          debris_kg = EXCLUDED.debris_kg, battery_pct = EXCLUDED.battery_pct, readings = EXCLUDED.readings;

        DELETE FROM corridor_kpis_1h WHERE bucket >= h_lo AND bucket < h_hi;
        INSERT INTO corridor_kpis_1h
          SELECT ub_bucket(INTERVAL '1 hour', bucket), corridor_id, direction, sum(observations),
                 sum(travel_time_ratio * observations) / sum(observations), sum(stops * observations) / sum(observations),
                 sum(arrivals_on_green_pct * observations) / sum(observations), sum(vehicles)
          FROM corridor_kpis_1m WHERE bucket >= h_lo AND bucket < h_hi GROUP BY 1, 2, 3
        ON CONFLICT (corridor_id, direction, bucket) DO UPDATE SET observations = EXCLUDED.observations,
          travel_time_ratio = EXCLUDED.travel_time_ratio, stops = EXCLUDED.stops,
          arrivals_on_green_pct = EXCLUDED.arrivals_on_green_pct, vehicles = EXCLUDED.vehicles;

        CALL ub_refresh_fleet_kpis(INTERVAL '1 hour', h_lo, h_hi);
      END IF;
    END $b$$p$;
END $do$;
