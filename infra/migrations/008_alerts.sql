-- Alerts and their audit trail (DESIGN.md): services/alerting raises and deduplicates alerts, the
-- dispatcher console acknowledges, assigns a vehicle or crew, and resolves them; every step is an
-- alert_events row. The same names and columns in both modes.
--
-- alerts is an ordinary table in both modes, not a hypertable:
--   * it is small: thousands of alerts a day at most, so chunking buys nothing for its size;
--   * rows are updated in place by the workflow (state, assignee, last_seen_at, occurrences), and a
--     compressed hypertable chunk makes updates costly;
--   * deduplication is a unique index on dedup_key over the alerts that are not resolved, and a
--     hypertable's unique indexes must include its time column: with raised_at in the key, a
--     flapping condition would open a new alert per raise instead of updating the one open alert.
-- So both modes index it by time and delete resolved alerts by a scheduled delete: ingest's job
-- through ub_apply_retention in plain mode, the extension's job scheduler (add_job) under TimescaleDB.
-- Open, acknowledged and assigned alerts are never deleted, however old.
--
-- alert_events is append-only and time-ordered: a hypertable with compression and a retention policy
-- under TimescaleDB, like the fleets' streams; an ordinary table and ub_apply_retention in plain mode.
-- It has no foreign key to alerts, on purpose: the trail outlives the queue row (steps are kept 365
-- days, resolved alerts 180 days after resolving), and chunk drops ignore keys anyway.

-- Severity is ordered (the queue sorts by it): 1 info, 2 warning, 3 critical, as a proto enum
-- would number them after UNSPECIFIED = 0. State is not ordered, so it is readable text.
CREATE TABLE alerts (
  id            uuid             NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  -- rule + entity, built by the alerting service (e.g. 'bike.parked_outside_fence:bike-0042').
  dedup_key     text             NOT NULL,
  rule          text             NOT NULL,
  fleet         text             NOT NULL CHECK (fleet IN ('trucks', 'bikes', 'boats', 'signals', 'city')),
  -- A truck, bike, boat, intersection or corridor; a fence or zone for counts in a zone.
  entity_id     text             NOT NULL,
  severity      smallint         NOT NULL CHECK (severity BETWEEN 1 AND 3),
  title         text             NOT NULL,
  detail        jsonb            NOT NULL DEFAULT '{}'::jsonb,
  lon           double precision,
  lat           double precision,
  raised_at     timestamptz      NOT NULL,
  -- The last evaluation that found the condition still true; occurrences counts those raises.
  last_seen_at  timestamptz      NOT NULL,
  occurrences   integer          NOT NULL DEFAULT 1 CHECK (occurrences >= 1),
  state         text             NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'assigned', 'resolved')),
  -- The vehicle or crew sent to it.
  assignee      text,
  resolved_at   timestamptz,
  CONSTRAINT alerts_position_check CHECK ((lon IS NULL) = (lat IS NULL)),
  CONSTRAINT alerts_seen_check CHECK (last_seen_at >= raised_at),
  CONSTRAINT alerts_assigned_check CHECK (state <> 'assigned' OR assignee IS NOT NULL),
  CONSTRAINT alerts_resolved_check CHECK ((state = 'resolved') = (resolved_at IS NOT NULL))
);

-- At most one unresolved alert per rule and entity: the alerting service upserts with
-- ON CONFLICT (dedup_key) WHERE state <> 'resolved' DO UPDATE (last_seen_at, occurrences), so a
-- flapping condition updates that alert; once resolved, the next raise opens a new one.
CREATE UNIQUE INDEX alerts_unresolved_dedup_key_idx ON alerts (dedup_key) WHERE state <> 'resolved';
-- The dispatcher queue: unresolved alerts, most severe and newest first.
CREATE INDEX alerts_queue_idx ON alerts (severity DESC, raised_at DESC) WHERE state <> 'resolved';
-- Time-range reads (the ticker, history, replay).
CREATE INDEX alerts_raised_at_idx ON alerts (raised_at DESC);
-- One entity's alerts (the map focuses on a vehicle).
CREATE INDEX alerts_entity_idx ON alerts (fleet, entity_id, raised_at DESC);
-- Retention reads only the resolved ones, oldest first.
CREATE INDEX alerts_resolved_at_idx ON alerts (resolved_at) WHERE state = 'resolved';

-- One row per step. id orders the steps of one alert that share a timestamp (a raise and an
-- automatic acknowledgement in one transaction). at is in the key because a hypertable's unique
-- indexes must hold its time column; the key's order serves "one alert's history".
CREATE TABLE alert_events (
  id        bigint      GENERATED ALWAYS AS IDENTITY,
  alert_id  uuid        NOT NULL,
  at        timestamptz NOT NULL,
  action    text        NOT NULL CHECK (action IN ('raised', 're-raised', 'acknowledged', 'assigned', 'resolved', 'reopened', 'commented')),
  -- A user name, or the service that acted ('alerting').
  actor     text        NOT NULL,
  note      text,
  assignee  text,
  CONSTRAINT alert_events_assigned_check CHECK (action <> 'assigned' OR assignee IS NOT NULL),
  PRIMARY KEY (alert_id, at, id)
);
-- Time-range reads (every step in a window); named here so both modes have the same index.
CREATE INDEX alert_events_at_idx ON alert_events (at DESC);

-- Append-only: a step, once written, is never rewritten. Deletes stay allowed for retention.
CREATE FUNCTION ub_refuse_alert_event_update() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'alert_events is append-only: add a step instead of changing one' USING ERRCODE = 'restrict_violation';
  END $$;
CREATE TRIGGER alert_events_append_only BEFORE UPDATE ON alert_events
  FOR EACH ROW EXECUTE FUNCTION ub_refuse_alert_event_update();

-- Resolved alerts older than `before`; shared by both modes' scheduled deletes.
CREATE FUNCTION ub_delete_resolved_alerts(before timestamptz) RETURNS bigint LANGUAGE plpgsql AS $$
  DECLARE n bigint;
  BEGIN
    DELETE FROM alerts WHERE state = 'resolved' AND resolved_at < before;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
  END $$;

-- ---------------------------------------------------------------------------------------------
-- TimescaleDB mode
-- ---------------------------------------------------------------------------------------------
DO $do$
BEGIN
  IF NOT ub_timescaledb_usable() THEN RETURN; END IF;

  -- Sizing: a few thousand alerts a day x ~5 steps = ~10-50 k rows/day x ~200 B with the indexes
  -- = ~2-10 MB/day, so a month per chunk (~60-300 MB) and retention drops about a month at a time.
  PERFORM create_hypertable('alert_events', 'at', chunk_time_interval => INTERVAL '30 days', create_default_indexes => false);
  -- Not segmented: an alert has a handful of steps, far too few for a segment each. Ordered by
  -- alert first, so each compressed batch's min/max alert_id lets one alert's history skip the others.
  ALTER TABLE alert_events SET (timescaledb.compress, timescaledb.compress_segmentby = '', timescaledb.compress_orderby = 'alert_id, at, id');
  -- Compress a chunk once it is a whole chunk past "now": late comments on old alerts still land.
  PERFORM add_compression_policy('alert_events', INTERVAL '60 days');
  PERFORM add_retention_policy('alert_events', INTERVAL '365 days');

  -- The scheduled delete of resolved alerts, run by the extension's scheduler like its policies.
  EXECUTE $p$CREATE PROCEDURE ub_alert_retention_job(job_id integer, config jsonb) LANGUAGE plpgsql AS $b$
    BEGIN
      PERFORM ub_delete_resolved_alerts(now() - (config->>'drop_after')::interval);
    END $b$$p$;
  PERFORM add_job('ub_alert_retention_job', INTERVAL '1 hour', config => '{"drop_after": "180 days"}'::jsonb);
END $do$;

-- ---------------------------------------------------------------------------------------------
-- Plain PostgreSQL mode
-- ---------------------------------------------------------------------------------------------
DO $do$
BEGIN
  IF ub_timescaledb_usable() THEN RETURN; END IF;

  -- Retention as 007's (the streams and their roll-ups), with the alert tables at the same ages as the
  -- TimescaleDB jobs above.
  ALTER FUNCTION ub_apply_retention(timestamptz) RENAME TO ub_apply_stream_retention;
  EXECUTE $f$CREATE FUNCTION ub_apply_retention(now_at timestamptz) RETURNS bigint LANGUAGE plpgsql AS $b$
    DECLARE n bigint; total bigint;
    BEGIN
      total := ub_apply_stream_retention(now_at);
      total := total + ub_delete_resolved_alerts(now_at - INTERVAL '180 days');
      DELETE FROM alert_events WHERE at < now_at - INTERVAL '365 days'; GET DIAGNOSTICS n = ROW_COUNT; total := total + n;
      RETURN total;
    END $b$$f$;
END $do$;
