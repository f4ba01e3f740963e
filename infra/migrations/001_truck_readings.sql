-- Truck readings: one row per GPS fix. TimescaleDB hypertable in the timescaledb database mode, a
-- plain table in the plain mode; the name and columns are the same. ub_timescaledb_usable() reads the
-- mode the migration runner recorded (services/common/src/database/database-mode.ts, DB_MODE) before
-- this file runs.

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
