-- Replay (issue 14) reads every fleet's readings by time window: the frames' steps read (from, to] in
-- time order, the range its ends. On TimescaleDB each hypertable already has its time index (created
-- with the hypertable); a plain table is keyed (device, recorded_at, seq) only and would be scanned
-- whole for each batch, so the plain mode gets the same index.

DO $$
DECLARE t text;
BEGIN
  IF NOT ub_timescaledb_usable() THEN
    FOREACH t IN ARRAY ARRAY['truck_readings', 'bike_events', 'boat_readings', 'ambulance_readings', 'signal_phase_changes', 'corridor_observations'] LOOP
      EXECUTE format('CREATE INDEX IF NOT EXISTS %1$s_recorded_at_idx ON %1$I (recorded_at DESC)', t);
    END LOOP;
  END IF;
END $$;
