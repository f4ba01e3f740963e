-- Activity roll-ups (the KPI measures 005's roll-ups lack), an incremental refresh for plain mode,
-- and chunk intervals sized for the default scale.
--
-- <fleet>_activity_1m/_1h: one row per entity and bucket with additive measures, so the API's KPI
-- series read these (and corridor_kpis_*) instead of the raw tables. Per entity rather than per fleet
-- so "entities active" stays an exact count(DISTINCT) over any bucket made of whole roll-up buckets.
-- Same names in both modes: continuous aggregates (1 h on 1 min) under TimescaleDB, tables filled by
-- the plain-mode refresh below otherwise.
--
-- Definitions chosen where the honest figure is not an aggregate of the readings:
--   distance_km     = sum(speed_kmh) / 3600: each reading stands for one second of driving at its
--                     speed, the fleets' nominal 1 Hz reporting interval. A device reporting slower
--                     is under-counted in proportion (consecutive points would need a window function).
--   load_delivered_kg (trucks) = per truck and minute with any UNLOADING (TaskState 6) reading, its
--                     highest load in the minute minus its last load, never negative; hours sum minutes.
--                     The simulator unloads linearly at 1 Hz, so what escapes is the one-reading step
--                     across each minute boundary of an unload (about 1/60 of it at 1 Hz, more for
--                     devices reporting slower). Sprinklers' water use is not UNLOADING, so not counted.
--   debris_collected_kg (boats) = per boat and minute, the rise of its cumulative debris (last - first);
--                     a fall means a new shift began, and then the last value counts. Same boundary step.
--   bikes_parked_outside = 1 when the bike's last event in the bucket left it parked outside any fence
--                     (as 005's bikes_outside_fence): the state at the end of the bucket of the bikes that
--                     reported in it. Fence occupancy, a state of all 11,000 bikes, is not an aggregate of
--                     one bucket's events and stays with the state-at-instant query.

-- ---------------------------------------------------------------------------------------------
-- TimescaleDB mode
-- ---------------------------------------------------------------------------------------------
DO $do$
BEGIN
  IF NOT ub_timescaledb_usable() THEN RETURN; END IF;

  EXECUTE $v$CREATE MATERIALIZED VIEW truck_activity_1m WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 minute', recorded_at) AS bucket, truck_id,
           count(*) AS readings,
           sum(speed_kmh)::double precision AS speed_sum_kmh,
           (sum(speed_kmh) / 3600)::double precision AS distance_km,
           (CASE WHEN bool_or(task_state = 6) THEN greatest(max(load_kg) - last(load_kg, recorded_at), 0) ELSE 0 END)::double precision AS load_delivered_kg
    FROM truck_readings GROUP BY 1, 2 WITH NO DATA$v$;
  EXECUTE $v$CREATE MATERIALIZED VIEW truck_activity_1h WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 hour', bucket) AS bucket, truck_id,
           sum(readings)::bigint AS readings, sum(speed_sum_kmh) AS speed_sum_kmh,
           sum(distance_km) AS distance_km, sum(load_delivered_kg) AS load_delivered_kg
    FROM truck_activity_1m GROUP BY 1, 2 WITH NO DATA$v$;

  EXECUTE $v$CREATE MATERIALIZED VIEW bike_activity_1m WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 minute', recorded_at) AS bucket, bike_id,
           max(recorded_at) AS last_at,
           count(*) AS events,
           count(*) FILTER (WHERE kind = 2) AS trips_ended,
           count(*) FILTER (WHERE kind = 2 AND NOT in_fence) AS trips_ended_outside,
           last((NOT in_fence AND kind <> 1)::int, recorded_at) AS parked_outside
    FROM bike_events GROUP BY 1, 2 WITH NO DATA$v$;
  EXECUTE $v$CREATE MATERIALIZED VIEW bike_activity_1h WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 hour', bucket) AS bucket, bike_id,
           max(last_at) AS last_at,
           sum(events)::bigint AS events, sum(trips_ended)::bigint AS trips_ended,
           sum(trips_ended_outside)::bigint AS trips_ended_outside,
           last(parked_outside, last_at) AS parked_outside
    FROM bike_activity_1m GROUP BY 1, 2 WITH NO DATA$v$;

  EXECUTE $v$CREATE MATERIALIZED VIEW boat_activity_1m WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 minute', recorded_at) AS bucket, boat_id,
           count(*) AS readings,
           sum(speed_kmh)::double precision AS speed_sum_kmh,
           (sum(speed_kmh) / 3600)::double precision AS distance_km,
           sum(battery_pct)::double precision AS battery_sum_pct,
           (CASE WHEN last(debris_kg, recorded_at) >= first(debris_kg, recorded_at)
                 THEN last(debris_kg, recorded_at) - first(debris_kg, recorded_at)
                 ELSE last(debris_kg, recorded_at) END)::double precision AS debris_collected_kg
    FROM boat_readings GROUP BY 1, 2 WITH NO DATA$v$;
  EXECUTE $v$CREATE MATERIALIZED VIEW boat_activity_1h WITH (timescaledb.continuous) AS
    SELECT time_bucket(INTERVAL '1 hour', bucket) AS bucket, boat_id,
           sum(readings)::bigint AS readings, sum(speed_sum_kmh) AS speed_sum_kmh, sum(distance_km) AS distance_km,
           sum(battery_sum_pct) AS battery_sum_pct, sum(debris_collected_kg) AS debris_collected_kg
    FROM boat_activity_1m GROUP BY 1, 2 WITH NO DATA$v$;

  -- The same refresh, compression and retention as 005's roll-ups.
  PERFORM add_continuous_aggregate_policy(v, start_offset => INTERVAL '2 hours', end_offset => INTERVAL '1 minute',
                                          schedule_interval => INTERVAL '1 minute')
    FROM unnest(ARRAY['truck_activity_1m', 'bike_activity_1m', 'boat_activity_1m']) AS v;
  PERFORM add_continuous_aggregate_policy(v, start_offset => INTERVAL '4 hours', end_offset => INTERVAL '1 minute',
                                          schedule_interval => INTERVAL '10 minutes')
    FROM unnest(ARRAY['truck_activity_1h', 'bike_activity_1h', 'boat_activity_1h']) AS v;
  ALTER MATERIALIZED VIEW truck_activity_1m SET (timescaledb.compress = true, timescaledb.compress_segmentby = 'truck_id');
  ALTER MATERIALIZED VIEW bike_activity_1m SET (timescaledb.compress = true, timescaledb.compress_segmentby = 'bike_id');
  ALTER MATERIALIZED VIEW boat_activity_1m SET (timescaledb.compress = true, timescaledb.compress_segmentby = 'boat_id');
  PERFORM add_compression_policy(v, INTERVAL '7 days')
    FROM unnest(ARRAY['truck_activity_1m', 'bike_activity_1m', 'boat_activity_1m']) AS v;
  PERFORM add_retention_policy(v, INTERVAL '180 days')
    FROM unnest(ARRAY['truck_activity_1m', 'bike_activity_1m', 'boat_activity_1m']) AS v;

  -- 005's procedure, now with the activity aggregates (hours after minutes: each 1-hour aggregate reads its 1-minute parent).
  EXECUTE $p$CREATE OR REPLACE PROCEDURE ub_refresh_rollups(from_at timestamptz, to_at timestamptz) LANGUAGE plpgsql AS $b$
    DECLARE v text;
    BEGIN
      FOREACH v IN ARRAY ARRAY['truck_positions_1m', 'bike_positions_1m', 'boat_positions_1m', 'corridor_kpis_1m',
                               'truck_kpis_1m', 'bike_kpis_1m', 'boat_kpis_1m',
                               'truck_activity_1m', 'bike_activity_1m', 'boat_activity_1m',
                               'truck_positions_1h', 'bike_positions_1h', 'boat_positions_1h', 'corridor_kpis_1h',
                               'truck_kpis_1h', 'bike_kpis_1h', 'boat_kpis_1h',
                               'truck_activity_1h', 'bike_activity_1h', 'boat_activity_1h'] LOOP
        CALL refresh_continuous_aggregate(v::regclass, from_at, to_at);
        COMMIT;
      END LOOP;
    END $b$$p$;

  -- The extension already refreshes incrementally (its invalidation log records which buckets late
  -- rows touched, and a refresh recomputes only those); this keeps ingest's job mode-agnostic and
  -- covers the policies' window. Counts are NULL: the extension does not say.
  EXECUTE $p$CREATE PROCEDURE ub_refresh_changed_rollups(INOUT minutes integer DEFAULT NULL, INOUT hours integer DEFAULT NULL)
    LANGUAGE plpgsql AS $b$
    BEGIN
      CALL ub_refresh_rollups(now() - INTERVAL '2 hours', now());
    END $b$$p$;

  -- Chunk intervals for the default scale (DESIGN.md), aiming at chunks of roughly 0.3-0.5 GB with
  -- their indexes, so the chunks being written and read stay in memory on a modest server.
  -- Row sizes are estimates: ~100 B heap (24 B header, id text, 8-byte times and doubles) plus ~50 B
  -- for the primary key.
  --   truck_readings: 120 trucks x 1 Hz = 10.4 M rows/day x ~150 B = ~1.5 GB/day -> 6 hours (~390 MB).
  --   boat_readings: 12 boats x 1 Hz = 1.04 M rows/day x ~150 B = ~155 MB/day -> 2 days (~310 MB).
  --   signal_phase_changes: ~113 intersections x ~6 changes a ~100 s cycle = ~0.59 M rows/day
  --     x ~170 B (with the corridor index) = ~100 MB/day -> 3 days (~300 MB).
  --   bike_events: ~11,000 bikes, ~40-50 k events/day x ~190 B (with the fence index) = ~9 MB/day
  --     -> 7 days (~65 MB; longer would make retention's whole-chunk drops coarse).
  --   corridor_observations: 14 corridors x 2 directions x ~1/min = ~40 k rows/day: 005's 7 days stand.
  -- Applies to chunks created from now on; existing chunks keep their interval.
  PERFORM set_chunk_time_interval('truck_readings', INTERVAL '6 hours');
  PERFORM set_chunk_time_interval('boat_readings', INTERVAL '2 days');
  PERFORM set_chunk_time_interval('signal_phase_changes', INTERVAL '3 days');
  PERFORM set_chunk_time_interval('bike_events', INTERVAL '7 days');
END $do$;

-- ---------------------------------------------------------------------------------------------
-- Plain PostgreSQL mode (chunk intervals: nothing to do, there are no chunks)
-- ---------------------------------------------------------------------------------------------
DO $do$
BEGIN
  IF ub_timescaledb_usable() THEN RETURN; END IF;

  CREATE TABLE truck_activity_1m (
    bucket timestamptz NOT NULL, truck_id text NOT NULL, readings bigint NOT NULL,
    speed_sum_kmh double precision NOT NULL, distance_km double precision NOT NULL, load_delivered_kg double precision NOT NULL,
    PRIMARY KEY (truck_id, bucket));
  CREATE TABLE truck_activity_1h (LIKE truck_activity_1m INCLUDING ALL);
  CREATE TABLE bike_activity_1m (
    bucket timestamptz NOT NULL, bike_id text NOT NULL, last_at timestamptz NOT NULL, events bigint NOT NULL,
    trips_ended bigint NOT NULL, trips_ended_outside bigint NOT NULL, parked_outside integer NOT NULL,
    PRIMARY KEY (bike_id, bucket));
  CREATE TABLE bike_activity_1h (LIKE bike_activity_1m INCLUDING ALL);
  CREATE TABLE boat_activity_1m (
    bucket timestamptz NOT NULL, boat_id text NOT NULL, readings bigint NOT NULL,
    speed_sum_kmh double precision NOT NULL, distance_km double precision NOT NULL, battery_sum_pct double precision NOT NULL,
    debris_collected_kg double precision NOT NULL,
    PRIMARY KEY (boat_id, bucket));
  CREATE TABLE boat_activity_1h (LIKE boat_activity_1m INCLUDING ALL);
  -- KPI series read whole buckets of every entity.
  CREATE INDEX truck_activity_1m_bucket_idx ON truck_activity_1m (bucket);
  CREATE INDEX truck_activity_1h_bucket_idx ON truck_activity_1h (bucket);
  CREATE INDEX bike_activity_1m_bucket_idx ON bike_activity_1m (bucket);
  CREATE INDEX bike_activity_1h_bucket_idx ON bike_activity_1h (bucket);
  CREATE INDEX boat_activity_1m_bucket_idx ON boat_activity_1m (bucket);
  CREATE INDEX boat_activity_1h_bucket_idx ON boat_activity_1h (bucket);

  -- Without chunks, a refresh reading "the readings of these minutes" would scan the whole table (the
  -- primary keys lead with the entity). Rows arrive nearly in time order, so BRIN indexes on the
  -- device time and on the arrival time are a few pages each and cost ingest almost nothing; the
  -- refresh reads its minutes by recorded_at and finds what arrived since its last round by ingested_at.
  CREATE INDEX truck_readings_recorded_brin ON truck_readings USING brin (recorded_at) WITH (pages_per_range = 32);
  CREATE INDEX truck_readings_ingested_brin ON truck_readings USING brin (ingested_at) WITH (pages_per_range = 32);
  CREATE INDEX bike_events_recorded_brin ON bike_events USING brin (recorded_at) WITH (pages_per_range = 32);
  CREATE INDEX bike_events_ingested_brin ON bike_events USING brin (ingested_at) WITH (pages_per_range = 32);
  CREATE INDEX boat_readings_recorded_brin ON boat_readings USING brin (recorded_at) WITH (pages_per_range = 32);
  CREATE INDEX boat_readings_ingested_brin ON boat_readings USING brin (ingested_at) WITH (pages_per_range = 32);
  CREATE INDEX corridor_observations_recorded_brin ON corridor_observations USING brin (recorded_at) WITH (pages_per_range = 32);
  CREATE INDEX corridor_observations_ingested_brin ON corridor_observations USING brin (ingested_at) WITH (pages_per_range = 32);

  -- The activity measures of complete buckets in [lo, hi) (bucket-aligned), as the aggregates above.
  EXECUTE $p$CREATE PROCEDURE ub_refresh_activity(width interval, lo timestamptz, hi timestamptz) LANGUAGE plpgsql AS $b$
  BEGIN
    IF width = INTERVAL '1 minute' THEN
      DELETE FROM truck_activity_1m WHERE bucket >= lo AND bucket < hi;
      INSERT INTO truck_activity_1m
        SELECT ub_bucket(INTERVAL '1 minute', recorded_at) AS b, truck_id, count(*), sum(speed_kmh), sum(speed_kmh) / 3600,
               CASE WHEN bool_or(task_state = 6)
                    THEN greatest(max(load_kg) - (array_agg(load_kg ORDER BY recorded_at DESC, seq DESC))[1], 0) ELSE 0 END
        FROM truck_readings WHERE recorded_at >= lo AND recorded_at < hi GROUP BY 1, 2
      ON CONFLICT (truck_id, bucket) DO UPDATE SET readings = EXCLUDED.readings, speed_sum_kmh = EXCLUDED.speed_sum_kmh,
        distance_km = EXCLUDED.distance_km, load_delivered_kg = EXCLUDED.load_delivered_kg;
      DELETE FROM bike_activity_1m WHERE bucket >= lo AND bucket < hi;
      INSERT INTO bike_activity_1m
        SELECT ub_bucket(INTERVAL '1 minute', recorded_at), bike_id, max(recorded_at), count(*),
               count(*) FILTER (WHERE kind = 2), count(*) FILTER (WHERE kind = 2 AND NOT in_fence),
               (array_agg((NOT in_fence AND kind <> 1)::int ORDER BY recorded_at DESC, seq DESC))[1]
        FROM bike_events WHERE recorded_at >= lo AND recorded_at < hi GROUP BY 1, 2
      ON CONFLICT (bike_id, bucket) DO UPDATE SET last_at = EXCLUDED.last_at, events = EXCLUDED.events,
        trips_ended = EXCLUDED.trips_ended, trips_ended_outside = EXCLUDED.trips_ended_outside, parked_outside = EXCLUDED.parked_outside;
      DELETE FROM boat_activity_1m WHERE bucket >= lo AND bucket < hi;
      INSERT INTO boat_activity_1m
        SELECT b, boat_id, readings, speed_sum, speed_sum / 3600, battery_sum,
               CASE WHEN last_kg >= first_kg THEN last_kg - first_kg ELSE last_kg END
        FROM (SELECT ub_bucket(INTERVAL '1 minute', recorded_at) AS b, boat_id, count(*) AS readings,
                     sum(speed_kmh)::double precision AS speed_sum, sum(battery_pct)::double precision AS battery_sum,
                     (array_agg(debris_kg ORDER BY recorded_at, seq))[1] AS first_kg,
                     (array_agg(debris_kg ORDER BY recorded_at DESC, seq DESC))[1] AS last_kg
              FROM boat_readings WHERE recorded_at >= lo AND recorded_at < hi GROUP BY 1, 2) per_boat
      ON CONFLICT (boat_id, bucket) DO UPDATE SET readings = EXCLUDED.readings, speed_sum_kmh = EXCLUDED.speed_sum_kmh,
        distance_km = EXCLUDED.distance_km, battery_sum_pct = EXCLUDED.battery_sum_pct, debris_collected_kg = EXCLUDED.debris_collected_kg;
    ELSE
      DELETE FROM truck_activity_1h WHERE bucket >= lo AND bucket < hi;
      INSERT INTO truck_activity_1h
        SELECT ub_bucket(INTERVAL '1 hour', bucket), truck_id, sum(readings), sum(speed_sum_kmh), sum(distance_km), sum(load_delivered_kg)
        FROM truck_activity_1m WHERE bucket >= lo AND bucket < hi GROUP BY 1, 2
      ON CONFLICT (truck_id, bucket) DO UPDATE SET readings = EXCLUDED.readings, speed_sum_kmh = EXCLUDED.speed_sum_kmh,
        distance_km = EXCLUDED.distance_km, load_delivered_kg = EXCLUDED.load_delivered_kg;
      DELETE FROM bike_activity_1h WHERE bucket >= lo AND bucket < hi;
      INSERT INTO bike_activity_1h
        SELECT ub_bucket(INTERVAL '1 hour', bucket), bike_id, max(last_at), sum(events), sum(trips_ended), sum(trips_ended_outside),
               (array_agg(parked_outside ORDER BY last_at DESC))[1]
        FROM bike_activity_1m WHERE bucket >= lo AND bucket < hi GROUP BY 1, 2
      ON CONFLICT (bike_id, bucket) DO UPDATE SET last_at = EXCLUDED.last_at, events = EXCLUDED.events,
        trips_ended = EXCLUDED.trips_ended, trips_ended_outside = EXCLUDED.trips_ended_outside, parked_outside = EXCLUDED.parked_outside;
      DELETE FROM boat_activity_1h WHERE bucket >= lo AND bucket < hi;
      INSERT INTO boat_activity_1h
        SELECT ub_bucket(INTERVAL '1 hour', bucket), boat_id, sum(readings), sum(speed_sum_kmh), sum(distance_km),
               sum(battery_sum_pct), sum(debris_collected_kg)
        FROM boat_activity_1m WHERE bucket >= lo AND bucket < hi GROUP BY 1, 2
      ON CONFLICT (boat_id, bucket) DO UPDATE SET readings = EXCLUDED.readings, speed_sum_kmh = EXCLUDED.speed_sum_kmh,
        distance_km = EXCLUDED.distance_km, battery_sum_pct = EXCLUDED.battery_sum_pct, debris_collected_kg = EXCLUDED.debris_collected_kg;
    END IF;
  END $b$$p$;

  -- 005's refresh split in two, so a round can recompute a few minutes without their hours and the
  -- reverse: every roll-up of the complete 1-minute (or 1-hour) buckets in [lo, hi), bucket-aligned.
  -- The statements are 005's, unchanged.
  EXECUTE $p$CREATE PROCEDURE ub_refresh_minute_window(lo timestamptz, hi timestamptz) LANGUAGE plpgsql AS $b$
    BEGIN
      DELETE FROM truck_positions_1m WHERE bucket >= lo AND bucket < hi;
      INSERT INTO truck_positions_1m
        SELECT DISTINCT ON (b, truck_id) b, truck_id, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind,
               count(*) OVER (PARTITION BY b, truck_id)
        FROM (SELECT ub_bucket(INTERVAL '1 minute', recorded_at) AS b, * FROM truck_readings
              WHERE recorded_at >= lo AND recorded_at < hi) r
        ORDER BY b, truck_id, recorded_at DESC, seq DESC
      ON CONFLICT (truck_id, bucket) DO UPDATE SET last_at = EXCLUDED.last_at, lon = EXCLUDED.lon, lat = EXCLUDED.lat,
        speed_kmh = EXCLUDED.speed_kmh, heading_deg = EXCLUDED.heading_deg, load_kg = EXCLUDED.load_kg,
        task_state = EXCLUDED.task_state, kind = EXCLUDED.kind, readings = EXCLUDED.readings;

      DELETE FROM bike_positions_1m WHERE bucket >= lo AND bucket < hi;
      INSERT INTO bike_positions_1m
        SELECT DISTINCT ON (b, bike_id) b, bike_id, recorded_at, lon, lat, kind, fence_id, in_fence, battery_pct,
               count(*) OVER (PARTITION BY b, bike_id)
        FROM (SELECT ub_bucket(INTERVAL '1 minute', recorded_at) AS b, * FROM bike_events
              WHERE recorded_at >= lo AND recorded_at < hi) r
        ORDER BY b, bike_id, recorded_at DESC, seq DESC
      ON CONFLICT (bike_id, bucket) DO UPDATE SET last_at = EXCLUDED.last_at, lon = EXCLUDED.lon, lat = EXCLUDED.lat,
        kind = EXCLUDED.kind, fence_id = EXCLUDED.fence_id, in_fence = EXCLUDED.in_fence,
        battery_pct = EXCLUDED.battery_pct, events = EXCLUDED.events;

      DELETE FROM boat_positions_1m WHERE bucket >= lo AND bucket < hi;
      INSERT INTO boat_positions_1m
        SELECT DISTINCT ON (b, boat_id) b, boat_id, recorded_at, lon, lat, speed_kmh, heading_deg, task_state, debris_kg, battery_pct,
               count(*) OVER (PARTITION BY b, boat_id)
        FROM (SELECT ub_bucket(INTERVAL '1 minute', recorded_at) AS b, * FROM boat_readings
              WHERE recorded_at >= lo AND recorded_at < hi) r
        ORDER BY b, boat_id, recorded_at DESC, seq DESC
      ON CONFLICT (boat_id, bucket) DO UPDATE SET last_at = EXCLUDED.last_at, lon = EXCLUDED.lon, lat = EXCLUDED.lat,
        speed_kmh = EXCLUDED.speed_kmh, heading_deg = EXCLUDED.heading_deg, task_state = EXCLUDED.task_state,
        debris_kg = EXCLUDED.debris_kg, battery_pct = EXCLUDED.battery_pct, readings = EXCLUDED.readings;

      DELETE FROM corridor_kpis_1m WHERE bucket >= lo AND bucket < hi;
      INSERT INTO corridor_kpis_1m
        SELECT ub_bucket(INTERVAL '1 minute', recorded_at), corridor_id, direction, count(*),
               avg(travel_time_s::double precision / NULLIF(design_travel_time_s, 0)), avg(stops::double precision),
               avg(arrivals_on_green_pct::double precision), sum(vehicles)
        FROM corridor_observations WHERE recorded_at >= lo AND recorded_at < hi GROUP BY 1, 2, 3
      ON CONFLICT (corridor_id, direction, bucket) DO UPDATE SET observations = EXCLUDED.observations,
        travel_time_ratio = EXCLUDED.travel_time_ratio, stops = EXCLUDED.stops,
        arrivals_on_green_pct = EXCLUDED.arrivals_on_green_pct, vehicles = EXCLUDED.vehicles;

      CALL ub_refresh_fleet_kpis(INTERVAL '1 minute', lo, hi);
      CALL ub_refresh_activity(INTERVAL '1 minute', lo, hi);
    END $b$$p$;
  EXECUTE $p$CREATE PROCEDURE ub_refresh_hour_window(lo timestamptz, hi timestamptz) LANGUAGE plpgsql AS $b$
    BEGIN
      DELETE FROM truck_positions_1h WHERE bucket >= lo AND bucket < hi;
      INSERT INTO truck_positions_1h
        SELECT DISTINCT ON (b, truck_id) b, truck_id, last_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind,
               sum(readings) OVER (PARTITION BY b, truck_id)
        FROM (SELECT ub_bucket(INTERVAL '1 hour', bucket) AS b, * FROM truck_positions_1m
              WHERE bucket >= lo AND bucket < hi) m
        ORDER BY b, truck_id, last_at DESC
      ON CONFLICT (truck_id, bucket) DO UPDATE SET last_at = EXCLUDED.last_at, lon = EXCLUDED.lon, lat = EXCLUDED.lat,
        speed_kmh = EXCLUDED.speed_kmh, heading_deg = EXCLUDED.heading_deg, load_kg = EXCLUDED.load_kg,
        task_state = EXCLUDED.task_state, kind = EXCLUDED.kind, readings = EXCLUDED.readings;

      DELETE FROM bike_positions_1h WHERE bucket >= lo AND bucket < hi;
      INSERT INTO bike_positions_1h
        SELECT DISTINCT ON (b, bike_id) b, bike_id, last_at, lon, lat, kind, fence_id, in_fence, battery_pct,
               sum(events) OVER (PARTITION BY b, bike_id)
        FROM (SELECT ub_bucket(INTERVAL '1 hour', bucket) AS b, * FROM bike_positions_1m
              WHERE bucket >= lo AND bucket < hi) m
        ORDER BY b, bike_id, last_at DESC
      ON CONFLICT (bike_id, bucket) DO UPDATE SET last_at = EXCLUDED.last_at, lon = EXCLUDED.lon, lat = EXCLUDED.lat,
        kind = EXCLUDED.kind, fence_id = EXCLUDED.fence_id, in_fence = EXCLUDED.in_fence,
        battery_pct = EXCLUDED.battery_pct, events = EXCLUDED.events;

      DELETE FROM boat_positions_1h WHERE bucket >= lo AND bucket < hi;
      INSERT INTO boat_positions_1h
        SELECT DISTINCT ON (b, boat_id) b, boat_id, last_at, lon, lat, speed_kmh, heading_deg, task_state, debris_kg, battery_pct,
               sum(readings) OVER (PARTITION BY b, boat_id)
        FROM (SELECT ub_bucket(INTERVAL '1 hour', bucket) AS b, * FROM boat_positions_1m
              WHERE bucket >= lo AND bucket < hi) m
        ORDER BY b, boat_id, last_at DESC
      ON CONFLICT (boat_id, bucket) DO UPDATE SET last_at = EXCLUDED.last_at, lon = EXCLUDED.lon, lat = EXCLUDED.lat,
        speed_kmh = EXCLUDED.speed_kmh, heading_deg = EXCLUDED.heading_deg, task_state = EXCLUDED.task_state,
        debris_kg = EXCLUDED.debris_kg, battery_pct = EXCLUDED.battery_pct, readings = EXCLUDED.readings;

      DELETE FROM corridor_kpis_1h WHERE bucket >= lo AND bucket < hi;
      INSERT INTO corridor_kpis_1h
        SELECT ub_bucket(INTERVAL '1 hour', bucket), corridor_id, direction, sum(observations),
               sum(travel_time_ratio * observations) / sum(observations), sum(stops * observations) / sum(observations),
               sum(arrivals_on_green_pct * observations) / sum(observations), sum(vehicles)
        FROM corridor_kpis_1m WHERE bucket >= lo AND bucket < hi GROUP BY 1, 2, 3
      ON CONFLICT (corridor_id, direction, bucket) DO UPDATE SET observations = EXCLUDED.observations,
        travel_time_ratio = EXCLUDED.travel_time_ratio, stops = EXCLUDED.stops,
        arrivals_on_green_pct = EXCLUDED.arrivals_on_green_pct, vehicles = EXCLUDED.vehicles;

      CALL ub_refresh_fleet_kpis(INTERVAL '1 hour', lo, hi);
      CALL ub_refresh_activity(INTERVAL '1 hour', lo, hi);
    END $b$$p$;

  EXECUTE $p$CREATE OR REPLACE PROCEDURE ub_refresh_rollups(from_at timestamptz, to_at timestamptz) LANGUAGE plpgsql AS $b$
    DECLARE
      m_lo timestamptz := ub_bucket(INTERVAL '1 minute', from_at - INTERVAL '1 microsecond') + INTERVAL '1 minute';
      m_hi timestamptz := ub_bucket(INTERVAL '1 minute', to_at);
      h_lo timestamptz := ub_bucket(INTERVAL '1 hour', from_at - INTERVAL '1 microsecond') + INTERVAL '1 hour';
      h_hi timestamptz := ub_bucket(INTERVAL '1 hour', to_at);
    BEGIN
      IF m_lo < m_hi THEN CALL ub_refresh_minute_window(m_lo, m_hi); END IF;
      IF h_lo < h_hi THEN CALL ub_refresh_hour_window(h_lo, h_hi); END IF;
    END $b$$p$;

  -- Retention as 005's, and the activity minutes go at 180 days like the other 1-minute roll-ups.
  ALTER FUNCTION ub_apply_retention(timestamptz) RENAME TO ub_apply_base_retention;
  EXECUTE $f$CREATE FUNCTION ub_apply_retention(now_at timestamptz) RETURNS bigint LANGUAGE plpgsql AS $b$
    DECLARE n bigint; total bigint;
    BEGIN
      total := ub_apply_base_retention(now_at);
      DELETE FROM truck_activity_1m WHERE bucket < now_at - INTERVAL '180 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      DELETE FROM bike_activity_1m WHERE bucket < now_at - INTERVAL '180 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      DELETE FROM boat_activity_1m WHERE bucket < now_at - INTERVAL '180 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      RETURN total;
    END $b$$f$;

  -- What the incremental refresh has done: one row.
  CREATE TABLE ub_rollup_refresh_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    -- Rows ingested before this (less the in-flight margin below) have been rolled up.
    ingested_through timestamptz NOT NULL,
    -- Minutes / hours before these are complete and materialised.
    minutes_through timestamptz NOT NULL,
    hours_through timestamptz NOT NULL
  );

  -- Incremental refresh, ingest's job calls it every INGEST_ROLLUP_REFRESH_S. A round recomputes:
  --   * the minutes (and hours) that became complete since the last round;
  --   * every complete minute holding a row ingested since the last round, however late it is (a
  --     continuous aggregate's invalidation log does the same), and the hours holding those minutes.
  -- It reads only what arrived (BRIN on ingested_at) and the touched minutes (BRIN on recorded_at), so
  -- its cost follows the ingest rate, not the 2-hour window 005's job recomputed every minute.
  -- ingested_at is the inserting transaction's start, so a batch still being written when a round
  -- starts carries an earlier time than the round: rounds look back INFLIGHT further than their mark,
  -- which is right as long as an ingest transaction lasts less than that (they take well under a second).
  -- A first round (no state yet) starts 2 hours back, like 005's job.
  EXECUTE $p$CREATE PROCEDURE ub_refresh_changed_rollups(INOUT minutes integer DEFAULT NULL, INOUT hours integer DEFAULT NULL)
    LANGUAGE plpgsql AS $b$
    DECLARE
      inflight CONSTANT interval := INTERVAL '1 minute';
      round_at timestamptz := now();
      m_now timestamptz := ub_bucket(INTERVAL '1 minute', now());
      h_now timestamptz := ub_bucket(INTERVAL '1 hour', now());
      state ub_rollup_refresh_state;
      since timestamptz;
      dirty timestamptz[];
      run record;
    BEGIN
      -- Concurrent rounds (two ingest instances) queue here instead of doing the work twice.
      SELECT * INTO state FROM ub_rollup_refresh_state FOR UPDATE;
      IF NOT FOUND THEN
        state := ROW(true, round_at - INTERVAL '2 hours', ub_bucket(INTERVAL '1 minute', round_at - INTERVAL '2 hours'),
                     ub_bucket(INTERVAL '1 hour', round_at - INTERVAL '2 hours'));
      END IF;
      since := state.ingested_through - inflight;

      SELECT coalesce(array_agg(DISTINCT b ORDER BY b), '{}') INTO dirty FROM (
        SELECT ub_bucket(INTERVAL '1 minute', recorded_at) AS b FROM truck_readings WHERE ingested_at > since
        UNION SELECT ub_bucket(INTERVAL '1 minute', recorded_at) FROM bike_events WHERE ingested_at > since
        UNION SELECT ub_bucket(INTERVAL '1 minute', recorded_at) FROM boat_readings WHERE ingested_at > since
        UNION SELECT ub_bucket(INTERVAL '1 minute', recorded_at) FROM corridor_observations WHERE ingested_at > since
        UNION SELECT generate_series(state.minutes_through, m_now - INTERVAL '1 minute', INTERVAL '1 minute')
      ) touched WHERE b < m_now;
      minutes := cardinality(dirty);

      -- Consecutive minutes are recomputed as one range.
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
END $do$;
