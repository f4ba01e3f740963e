-- The alerting service and the dispatchers' workflow on 008's tables (docs/alerting.md): what a
-- rule raised in both languages, whether its condition still holds, the incident it belongs to, the
-- SLA deadlines; ambulances as a fleet; the rule sets with their history; maintenance windows.

ALTER TABLE alerts DROP CONSTRAINT alerts_fleet_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_fleet_check CHECK (fleet IN ('trucks', 'bikes', 'boats', 'signals', 'ambulances', 'city'));

ALTER TABLE alerts
  -- The rule set version that raised it (alert_rule_sets.version).
  ADD COLUMN rule_version     integer     NOT NULL DEFAULT 0,
  -- title is the English one; the console shows the reader's language.
  ADD COLUMN title_zh         text        NOT NULL DEFAULT '',
  -- Alerts of one rule in one area, grouped for the queue ("37 bikes outside fences around Daqian Garden").
  ADD COLUMN incident_key     text,
  -- Whether the rule still finds the condition true; when it clears, the alert waits for the rule's
  -- quiet time and then resolves itself (or a dispatcher resolves it).
  ADD COLUMN condition_active boolean     NOT NULL DEFAULT true,
  ADD COLUMN cleared_at       timestamptz,
  -- SLA deadlines set at the raise by severity; null once met. A breach escalates once.
  ADD COLUMN acknowledge_due_at timestamptz,
  ADD COLUMN resolve_due_at   timestamptz,
  ADD COLUMN escalated_at     timestamptz,
  ADD COLUMN acknowledged_at  timestamptz,
  ADD COLUMN acknowledged_by  text;

-- The console's incident view and the SLA sweep read these.
CREATE INDEX alerts_incident_idx ON alerts (incident_key) WHERE state <> 'resolved' AND incident_key IS NOT NULL;
CREATE INDEX alerts_acknowledge_due_idx ON alerts (acknowledge_due_at) WHERE state = 'open' AND escalated_at IS NULL;
CREATE INDEX alerts_resolve_due_idx ON alerts (resolve_due_at) WHERE state <> 'resolved' AND escalated_at IS NULL;

ALTER TABLE alert_events DROP CONSTRAINT alert_events_action_check;
ALTER TABLE alert_events ADD CONSTRAINT alert_events_action_check
  CHECK (action IN ('raised', 're-raised', 'acknowledged', 'assigned', 'resolved', 'reopened', 'commented', 'escalated', 'cleared'));

-- Rule sets are data: each edit is a new version (YAML as written, with who and why); the alerting
-- service applies the newest without a restart. Version 0 is the repo's default file, never stored.
CREATE TABLE alert_rule_sets (
  version     integer     NOT NULL PRIMARY KEY CHECK (version >= 1),
  yaml        text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text        NOT NULL,
  note        text
);

-- Maintenance and suppression windows: no raise from a matching rule / fleet / entity in [starts_at, ends_at).
CREATE TABLE alert_suppressions (
  id          uuid        NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  rule        text,
  fleet       text,
  entity_id   text,
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL,
  reason      text        NOT NULL,
  created_by  text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT alert_suppressions_window_check CHECK (ends_at > starts_at)
);
CREATE INDEX alert_suppressions_ends_idx ON alert_suppressions (ends_at);

-- Dispatch tasks sent to vehicles (ub.dispatch.v1), kept so the console shows where a vehicle was sent.
CREATE TABLE dispatch_tasks (
  task_id     uuid        NOT NULL PRIMARY KEY,
  alert_id    uuid        NOT NULL,
  fleet       text        NOT NULL,
  vehicle_id  text        NOT NULL,
  lon         double precision NOT NULL,
  lat         double precision NOT NULL,
  action      text        NOT NULL,
  issued_at   timestamptz NOT NULL,
  issued_by   text        NOT NULL
);
CREATE INDEX dispatch_tasks_alert_idx ON dispatch_tasks (alert_id, issued_at DESC);

-- The transactional outbox of the alert and dispatch topics (ub.alerts.v1, ub.dispatch.v1): every
-- change of an alert (the rules service's raises and clears, the dispatchers' steps) and every
-- dispatch task is written here in the same transaction as the change itself, and a relay (in the
-- alerting service) publishes the rows in id order and deletes them. A change is therefore
-- published if and only if it was committed, even when Kafka is away at the moment of the change or
-- the process dies between the commit and the send; the api writes no Kafka itself. One relay at a
-- time (an advisory lock), so one key's records keep their order.
CREATE TABLE kafka_outbox (
  id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  topic       text        NOT NULL,
  key         text        NOT NULL,
  -- The record value, protobuf binary (AlertChange, DispatchTask).
  payload     bytea       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
