-- Lake-cleanup boat readings (GPS 1 Hz, debris, battery, task state) and the
-- unlicensed-vessel sightings they carry.

CREATE TABLE boat_readings (
  boat_id      text             NOT NULL,
  seq          bigint           NOT NULL,
  recorded_at  timestamptz      NOT NULL,
  lon          double precision NOT NULL,
  lat          double precision NOT NULL,
  speed_kmh    real             NOT NULL,
  heading_deg  real             NOT NULL,
  -- Cumulative since the start of the boat's shift (see boat.proto), not a delta.
  debris_kg    real             NOT NULL,
  battery_pct  real             NOT NULL,
  task_state   smallint         NOT NULL,
  ingested_at  timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (boat_id, recorded_at, seq)
);

DO $$
BEGIN
  IF ub_timescaledb_usable() THEN
    PERFORM create_hypertable('boat_readings', 'recorded_at', chunk_time_interval => INTERVAL '1 day');
  END IF;
END $$;

-- A handful a week, so a plain table in both modes. A boat may repeat a sighting
-- in several readings; its id identifies it, so the first report is kept and the
-- repeats (and redeliveries) write nothing. Not a hypertable: its key could not
-- include the report time without storing every repeat.
CREATE TABLE vessel_sightings (
  boat_id      text             NOT NULL,
  sighting_id  text             NOT NULL,
  -- Time and seq of the boat reading that first reported it.
  recorded_at  timestamptz      NOT NULL,
  reading_seq  bigint           NOT NULL,
  lon          double precision NOT NULL,
  lat          double precision NOT NULL,
  note         text             NOT NULL,
  ingested_at  timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (boat_id, sighting_id)
);

CREATE INDEX vessel_sightings_recorded_at_idx ON vessel_sightings (recorded_at DESC);
