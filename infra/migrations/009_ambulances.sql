-- "120" ambulances (AmbulanceReading, 1 Hz) and the lifecycle of emergency calls
-- (EmergencyCallEvent: received, dispatched, on scene, transporting, at hospital, closed), and the
-- calls' hourly roll-up: calls received, reached on scene, response time (call to on scene) summed,
-- and closed. Response-time percentiles (p50/p90) are read exactly from the ON_SCENE events of the
-- window (a city of this size has tens to a few hundred calls a day, so that is a few hundred rows):
-- ordered-set aggregates cannot be continuous aggregates without the TimescaleDB Toolkit, and a
-- histogram roll-up would only approximate what is cheap to compute exactly.

CREATE TABLE ambulance_readings (
  ambulance_id text             NOT NULL,
  seq          bigint           NOT NULL,
  recorded_at  timestamptz      NOT NULL,
  lon          double precision NOT NULL,
  lat          double precision NOT NULL,
  speed_kmh    real             NOT NULL,
  heading_deg  real             NOT NULL,
  state        smallint         NOT NULL,
  -- Empty while available or returning.
  call_id      text             NOT NULL,
  station_id   text             NOT NULL,
  ingested_at  timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (ambulance_id, recorded_at, seq)
);

CREATE TABLE emergency_call_events (
  call_id      text             NOT NULL,
  seq          bigint           NOT NULL,
  recorded_at  timestamptz      NOT NULL,
  stage        smallint         NOT NULL,
  received_at  timestamptz      NOT NULL,
  lon          double precision NOT NULL,
  lat          double precision NOT NULL,
  district_id  text             NOT NULL,
  priority     smallint         NOT NULL,
  ambulance_id text             NOT NULL,
  hospital_id  text             NOT NULL,
  ingested_at  timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (call_id, recorded_at, seq)
);
-- The wall's open calls and the day's response times read by stage and time.
CREATE INDEX emergency_call_events_stage_idx ON emergency_call_events (stage, recorded_at DESC);

-- ---------------------------------------------------------------------------------------------
-- TimescaleDB mode
-- ---------------------------------------------------------------------------------------------
DO $do$
BEGIN
  IF NOT ub_timescaledb_usable() THEN RETURN; END IF;

  -- ~40 ambulances x 1 Hz = ~3.5 M rows/day x ~150 B = ~0.5 GB/day -> 1-day chunks (006's sizing).
  PERFORM create_hypertable('ambulance_readings', 'recorded_at', chunk_time_interval => INTERVAL '1 day');
  -- A few hundred events a day: a chunk a month.
  PERFORM create_hypertable('emergency_call_events', 'recorded_at', chunk_time_interval => INTERVAL '30 days');
  ALTER TABLE ambulance_readings SET (timescaledb.compress, timescaledb.compress_segmentby = 'ambulance_id', timescaledb.compress_orderby = 'recorded_at DESC, seq DESC');
  PERFORM add_compression_policy('ambulance_readings', INTERVAL '7 days');
  PERFORM add_retention_policy('ambulance_readings', INTERVAL '30 days');
  PERFORM add_retention_policy('emergency_call_events', INTERVAL '365 days');

  CREATE MATERIALIZED VIEW ambulance_calls_1h WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 hour', recorded_at) AS bucket,
           count(*) FILTER (WHERE stage = 1) AS calls_received,
           count(*) FILTER (WHERE stage = 3) AS calls_on_scene,
           coalesce(sum(extract(epoch FROM recorded_at - received_at)) FILTER (WHERE stage = 3), 0)::double precision AS response_s_sum,
           count(*) FILTER (WHERE stage = 6) AS calls_closed
    FROM emergency_call_events GROUP BY 1 WITH NO DATA;
  PERFORM add_continuous_aggregate_policy('ambulance_calls_1h', start_offset => INTERVAL '4 hours', end_offset => INTERVAL '1 minute',
                                          schedule_interval => INTERVAL '10 minutes');

  -- 007's procedure with this one added.
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
                               'truck_fleet_activity_1h', 'bike_fleet_activity_1h', 'boat_fleet_activity_1h',
                               'ambulance_calls_1h'] LOOP
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

  CREATE INDEX ambulance_readings_recorded_at_idx ON ambulance_readings USING brin (recorded_at);
  CREATE INDEX emergency_call_events_ingested_at_idx ON emergency_call_events (ingested_at);

  CREATE TABLE ambulance_calls_1h (
    bucket timestamptz PRIMARY KEY, calls_received bigint NOT NULL, calls_on_scene bigint NOT NULL,
    response_s_sum double precision NOT NULL, calls_closed bigint NOT NULL);

  -- 007's activity step (called by 006's minute and hour windows) followed, for hours, by the calls.
  ALTER PROCEDURE ub_refresh_activity(interval, timestamptz, timestamptz) RENAME TO ub_refresh_fleet_activity;
  EXECUTE $p$CREATE PROCEDURE ub_refresh_activity(width interval, lo timestamptz, hi timestamptz) LANGUAGE plpgsql AS $b$
    BEGIN
      CALL ub_refresh_fleet_activity(width, lo, hi);
      IF width = INTERVAL '1 hour' THEN
        DELETE FROM ambulance_calls_1h WHERE bucket >= lo AND bucket < hi;
        INSERT INTO ambulance_calls_1h
          SELECT ub_bucket(INTERVAL '1 hour', recorded_at), count(*) FILTER (WHERE stage = 1), count(*) FILTER (WHERE stage = 3),
                 coalesce(sum(extract(epoch FROM recorded_at - received_at)) FILTER (WHERE stage = 3), 0), count(*) FILTER (WHERE stage = 6)
          FROM emergency_call_events WHERE recorded_at >= lo AND recorded_at < hi GROUP BY 1;
      END IF;
    END $b$$p$;

  -- The streams whose rows, however late, mark their minutes (and so their hours) for recomputing: 006
  -- named them in its incremental round; from here they are rows, so a fleet's migration adds its table
  -- with one INSERT instead of writing the round again.
  CREATE TABLE ub_rollup_sources (stream regclass PRIMARY KEY);
  INSERT INTO ub_rollup_sources VALUES
    ('truck_readings'), ('bike_events'), ('boat_readings'), ('corridor_observations'), ('emergency_call_events');

  -- 006's incremental round, reading the touched minutes of every source above (the rest unchanged).
  EXECUTE $p$CREATE OR REPLACE PROCEDURE ub_refresh_changed_rollups(INOUT minutes integer DEFAULT NULL, INOUT hours integer DEFAULT NULL)
    LANGUAGE plpgsql AS $b$
    DECLARE
      inflight CONSTANT interval := INTERVAL '1 minute';
      round_at timestamptz := now();
      m_now timestamptz := ub_bucket(INTERVAL '1 minute', now());
      h_now timestamptz := ub_bucket(INTERVAL '1 hour', now());
      state ub_rollup_refresh_state;
      since timestamptz;
      touched timestamptz[] := '{}';
      part timestamptz[];
      source regclass;
      dirty timestamptz[];
      run record;
    BEGIN
      SELECT * INTO state FROM ub_rollup_refresh_state FOR UPDATE;
      IF NOT FOUND THEN
        state := ROW(true, round_at - INTERVAL '2 hours', ub_bucket(INTERVAL '1 minute', round_at - INTERVAL '2 hours'),
                     ub_bucket(INTERVAL '1 hour', round_at - INTERVAL '2 hours'));
      END IF;
      since := state.ingested_through - inflight;

      FOR source IN SELECT stream FROM ub_rollup_sources LOOP
        EXECUTE format('SELECT array_agg(DISTINCT ub_bucket(INTERVAL ''1 minute'', recorded_at)) FROM %s WHERE ingested_at > $1', source)
          INTO part USING since;
        touched := touched || coalesce(part, '{}');
      END LOOP;
      SELECT coalesce(array_agg(DISTINCT b ORDER BY b), '{}') INTO dirty FROM (
        SELECT unnest(touched) AS b
        UNION SELECT generate_series(state.minutes_through, m_now - INTERVAL '1 minute', INTERVAL '1 minute')
      ) t WHERE b < m_now;
      minutes := cardinality(dirty);

      FOR run IN
        SELECT min(b) AS lo, max(b) + INTERVAL '1 minute' AS hi
        FROM (SELECT b, b - (row_number() OVER (ORDER BY b)) * INTERVAL '1 minute' AS island FROM unnest(dirty) AS b) m
        GROUP BY island ORDER BY 1
      LOOP
        CALL ub_refresh_minute_window(run.lo, run.hi);
      END LOOP;

      hours := 0;
      FOR run IN
        SELECT min(h) AS lo, max(h) + INTERVAL '1 hour' AS hi
        FROM (SELECT h, h - (row_number() OVER (ORDER BY h)) * INTERVAL '1 hour' AS island
              FROM (SELECT DISTINCT ub_bucket(INTERVAL '1 hour', b) AS h FROM unnest(dirty) AS b
                    UNION SELECT generate_series(state.hours_through, h_now - INTERVAL '1 hour', INTERVAL '1 hour')) d
              WHERE h < h_now) hs
        GROUP BY island ORDER BY 1
      LOOP
        CALL ub_refresh_hour_window(run.lo, run.hi);
        hours := hours + (extract(epoch FROM run.hi - run.lo) / 3600)::integer;
      END LOOP;

      INSERT INTO ub_rollup_refresh_state VALUES (true, round_at, greatest(state.minutes_through, m_now), greatest(state.hours_through, h_now))
      ON CONFLICT (singleton) DO UPDATE SET ingested_through = EXCLUDED.ingested_through,
        minutes_through = EXCLUDED.minutes_through, hours_through = EXCLUDED.hours_through;
    END $b$$p$;

  -- Retention as 008's, with the ambulance streams at the TimescaleDB policies' ages.
  ALTER FUNCTION ub_apply_retention(timestamptz) RENAME TO ub_apply_alert_retention;
  EXECUTE $f$CREATE FUNCTION ub_apply_retention(now_at timestamptz) RETURNS bigint LANGUAGE plpgsql AS $b$
    DECLARE n bigint; total bigint;
    BEGIN
      total := ub_apply_alert_retention(now_at);
      DELETE FROM ambulance_readings WHERE recorded_at < now_at - INTERVAL '30 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      DELETE FROM emergency_call_events WHERE recorded_at < now_at - INTERVAL '365 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      RETURN total;
    END $b$$f$;
END $do$;
