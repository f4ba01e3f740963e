-- Shared-bike events: one row per state change (trip start/end, parking, battery,
-- fault, rebalancing). Hypertable when TimescaleDB is usable, plain table otherwise
-- (ub_timescaledb_usable() comes from 001); the name and columns are the same.

CREATE TABLE bike_events (
  bike_id      text             NOT NULL,
  seq          bigint           NOT NULL,
  recorded_at  timestamptz      NOT NULL,
  kind         smallint         NOT NULL,
  lon          double precision NOT NULL,
  lat          double precision NOT NULL,
  -- NULL when the bike stands in no fence (or is riding).
  fence_id     text,
  in_fence     boolean          NOT NULL,
  is_ebike     boolean          NOT NULL,
  battery_pct  real             NOT NULL,
  operator     text             NOT NULL,
  ingested_at  timestamptz      NOT NULL DEFAULT now(),
  -- Same identity as truck_readings: (bike, time, seq), time in the key for the
  -- hypertable; a redelivered event carries the same time and is stored once.
  PRIMARY KEY (bike_id, recorded_at, seq)
);

-- "Which bikes stand in this fence" and fence occupancy read by fence and time.
CREATE INDEX bike_events_fence_idx ON bike_events (fence_id, recorded_at DESC) WHERE fence_id IS NOT NULL;

DO $$
BEGIN
  IF ub_timescaledb_usable() THEN
    PERFORM create_hypertable('bike_events', 'recorded_at', chunk_time_interval => INTERVAL '1 day');
  END IF;
END $$;
