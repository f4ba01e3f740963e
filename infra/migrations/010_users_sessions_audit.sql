-- Users, their sessions, and the audit log (docs/users-and-roles.md). Ordinary tables in both modes:
-- a few hundred users, a few thousand sessions; the audit log grows by people's actions (sign-ins,
-- alert steps, rule edits), thousands a day at most, and is kept (no retention: it is the trail).

-- A person signs in with a password (argon2id, PHC string) or through OpenID Connect; a device (a
-- kiosk wall) with a long-lived credential of which only the SHA-256 is kept. Roles are ranked
-- (operator < dispatcher < engineer < admin, proto/src/auth.ts).
CREATE TABLE users (
  id                      uuid        NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  -- Lower case, as typed at sign-in after trimming and lower-casing.
  username                text        NOT NULL,
  display_name            text        NOT NULL,
  role                    text        NOT NULL CHECK (role IN ('operator', 'dispatcher', 'engineer', 'admin')),
  kind                    text        NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'device')),
  -- local: made by an admin or the CLI; demo: seeded by `npm start`; oidc: made at a first OpenID Connect sign-in.
  origin                  text        NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'demo', 'oidc')),
  password_hash           text,
  device_credential_hash  bytea,
  oidc_issuer             text,
  oidc_subject            text,
  disabled_at             timestamptz,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at         timestamptz,
  CONSTRAINT users_username_check CHECK (username ~ '^[a-z0-9][a-z0-9._@-]{1,63}$'),
  CONSTRAINT users_oidc_check CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL)),
  -- A device never has a password; a person never has a device credential.
  CONSTRAINT users_kind_secret_check CHECK (
    (kind = 'device' AND password_hash IS NULL AND oidc_subject IS NULL) OR (kind = 'person' AND device_credential_hash IS NULL)
  )
);
CREATE UNIQUE INDEX users_username_idx ON users (username);
CREATE UNIQUE INDEX users_oidc_identity_idx ON users (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;
CREATE UNIQUE INDEX users_device_credential_idx ON users (device_credential_hash) WHERE device_credential_hash IS NOT NULL;

-- One row per signed-in client. Tokens are random and only their SHA-256 is stored, so a copy of the
-- table signs nobody in. Every request looks its access token up here (joined to users), so revoking
-- a session or disabling its user takes effect on the next request. A refresh token works once: the
-- one it replaced is kept, and presenting that again (a stolen copy used after the owner refreshed)
-- revokes the session.
CREATE TABLE sessions (
  id                     uuid        NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  user_id                uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- browser: cookies; script: bearer tokens; device: a kiosk wall's cookies, refreshed for weeks.
  client                 text        NOT NULL CHECK (client IN ('browser', 'script', 'device')),
  access_hash            bytea       NOT NULL,
  access_expires_at      timestamptz NOT NULL,
  refresh_hash           bytea       NOT NULL,
  refresh_expires_at     timestamptz NOT NULL,
  previous_refresh_hash  bytea,
  created_at             timestamptz NOT NULL DEFAULT now(),
  refreshed_at           timestamptz,
  revoked_at             timestamptz,
  ip                     text,
  user_agent             text
);
CREATE UNIQUE INDEX sessions_access_hash_idx ON sessions (access_hash);
CREATE UNIQUE INDEX sessions_refresh_hash_idx ON sessions (refresh_hash);
CREATE INDEX sessions_previous_refresh_hash_idx ON sessions (previous_refresh_hash) WHERE previous_refresh_hash IS NOT NULL;
CREATE INDEX sessions_live_by_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;
CREATE INDEX sessions_refresh_expires_idx ON sessions (refresh_expires_at);

-- Every state-changing action: who (actor: a username or a service), what (action, target, detail),
-- when, and from where (address, user agent, the request's correlation id).
CREATE TABLE audit_log (
  id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at              timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor           text        NOT NULL,
  actor_user_id   uuid,
  action          text        NOT NULL,
  target          text,
  detail          jsonb       NOT NULL DEFAULT '{}'::jsonb,
  ip              text,
  user_agent      text,
  correlation_id  text
);
-- Newest first, the admin's default view and its paging key.
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, at DESC);
CREATE INDEX audit_log_target_idx ON audit_log (target, at DESC) WHERE target IS NOT NULL;
-- Sign-in throttling counts the recent failures per tried username and per address.
CREATE INDEX audit_log_sign_in_failures_by_ip_idx ON audit_log (ip, at DESC) WHERE action = 'auth.sign-in-failed';
