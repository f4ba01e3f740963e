-- Green-wave signals: SPaT-like phase changes per intersection, and measured
-- corridor performance (travel time, stops, arrivals on green).

CREATE TABLE signal_phase_changes (
  intersection_id  text        NOT NULL,
  seq              bigint      NOT NULL,
  recorded_at      timestamptz NOT NULL,
  -- NULL when the intersection is on no green-wave corridor.
  corridor_id      text,
  signal_group     smallint    NOT NULL,
  phase_state      smallint    NOT NULL,
  start_at         timestamptz NOT NULL,
  -- NULL when the controller did not say (J2735 leaves them optional).
  min_end_at       timestamptz,
  max_end_at       timestamptz,
  ingested_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (intersection_id, recorded_at, seq)
);

-- The time-space diagram reads a whole corridor's phases over a window.
CREATE INDEX signal_phase_changes_corridor_idx ON signal_phase_changes (corridor_id, recorded_at) WHERE corridor_id IS NOT NULL;

CREATE TABLE corridor_observations (
  corridor_id            text        NOT NULL,
  seq                    bigint      NOT NULL,
  recorded_at            timestamptz NOT NULL,
  direction              smallint    NOT NULL,
  travel_time_s          real        NOT NULL,
  design_travel_time_s   real        NOT NULL,
  stops                  real        NOT NULL,
  arrivals_on_green_pct  real        NOT NULL,
  vehicles               integer     NOT NULL,
  ingested_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (corridor_id, recorded_at, seq)
);

DO $$
BEGIN
  IF ub_timescaledb_usable() THEN
    PERFORM create_hypertable('signal_phase_changes', 'recorded_at', chunk_time_interval => INTERVAL '1 day');
    -- About one row per corridor and direction a cycle: small, so week-long chunks.
    PERFORM create_hypertable('corridor_observations', 'recorded_at', chunk_time_interval => INTERVAL '7 days');
  END IF;
END $$;
