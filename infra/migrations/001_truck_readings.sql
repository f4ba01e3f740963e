-- Truck readings: one row per GPS fix. TimescaleDB hypertable when the extension
-- can be loaded, a plain table otherwise; the name and columns are the same.

CREATE OR REPLACE FUNCTION ub_timescaledb_usable() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
      OR (EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
          AND current_setting('shared_preload_libraries', true) LIKE '%timescaledb%');
$$;

DO $$
BEGIN
  IF ub_timescaledb_usable() THEN
    CREATE EXTENSION IF NOT EXISTS timescaledb;
  END IF;
END $$;

CREATE TABLE truck_readings (
  truck_id     text             NOT NULL,
  seq          bigint           NOT NULL,
  recorded_at  timestamptz      NOT NULL,
  lon          double precision NOT NULL,
  lat          double precision NOT NULL,
  speed_kmh    real             NOT NULL,
  heading_deg  real             NOT NULL,
  load_kg      real             NOT NULL,
  task_state   smallint         NOT NULL,
  kind         smallint         NOT NULL,
  ingested_at  timestamptz      NOT NULL DEFAULT now(),
  -- Identity of a reading is (truck, seq); recorded_at is part of the key because
  -- a hypertable's unique keys must hold its time column. A redelivered message
  -- carries the same time, so ON CONFLICT DO NOTHING stores it once.
  -- The key's order also serves "one truck's track between two times".
  PRIMARY KEY (truck_id, recorded_at, seq)
);

DO $$
BEGIN
  IF ub_timescaledb_usable() THEN
    PERFORM create_hypertable('truck_readings', 'recorded_at', chunk_time_interval => INTERVAL '1 day');
  END IF;
END $$;
