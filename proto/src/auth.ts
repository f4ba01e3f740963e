// Users, roles and sessions: the shapes the api answers and the web (and scripts) read.
// HTTP routes (all under /api): docs/users-and-roles.md.

/**
 * Roles in ascending order of what they may do; each role may do everything the roles before it may:
 * operator (the wall, read-only) < dispatcher (work alerts) < engineer (history, replay, rule drafts)
 * < admin (users, rules, settings).
 */
export type Role = 'operator' | 'dispatcher' | 'engineer' | 'admin';

export const ROLES: readonly Role[] = ['operator', 'dispatcher', 'engineer', 'admin'];

/** Whether `role` may do what `needed` may (roles are ranked, see ROLES). */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** A person signs in with a password (or OpenID Connect); a device (a kiosk wall) with its long-lived credential. */
export type AccountKind = 'person' | 'device';

/** Who a session belongs to. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  kind: AccountKind;
}

/** `POST /api/auth/sign-in` (browser, sets cookies) and `POST /api/auth/tokens` (scripts). */
export interface SignInRequest {
  username: string;
  password: string;
}

/** `POST /api/auth/device`: a kiosk wall trades its device credential for a session (cookies). */
export interface DeviceSignInRequest {
  credential: string;
}

/**
 * The browser's session: the tokens themselves travel only in HTTP-only cookies. Answered by
 * sign-in, device sign-in, refresh (cookie) and `GET /api/auth/me`.
 */
export interface BrowserSession {
  user: SessionUser;
  /** Epoch ms: refresh (`POST /api/auth/refresh`) before this, or on a 401. */
  accessExpiresAtMs: number;
  /** Epoch ms: after this the user must sign in again (a device re-enrols with its credential). */
  refreshExpiresAtMs: number;
}

/** `POST /api/auth/tokens` and `POST /api/auth/refresh` with a body: bearer tokens for scripts. */
export interface TokenPair extends BrowserSession {
  /** `Authorization: Bearer <accessToken>` on every request. */
  accessToken: string;
  /** `POST /api/auth/refresh` with `{ refreshToken }`; used once (rotated), a reused one revokes the session. */
  refreshToken: string;
}

/** `GET /api/users` rows, and the answer to user changes. */
export interface UserRecord extends SessionUser {
  disabled: boolean;
  /** Where the account came from: created by an admin or the CLI, seeded as a demo login, or first signed in through OpenID Connect. */
  origin: 'local' | 'demo' | 'oidc';
  createdAt: string;
  lastSignInAt: string | null;
}

/** `POST /api/users`. A person without `password` gets a generated one, answered once. */
export interface CreateUserRequest {
  username: string;
  displayName?: string;
  role: Role;
  kind?: AccountKind;
  password?: string;
}

/** `PATCH /api/users/{id}`: disabling ends the user's sessions at once. */
export interface UpdateUserRequest {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
}

/**
 * The answer to `POST /api/users`, `POST /api/users/{id}/password` and `POST /api/users/{id}/device-credential`:
 * a generated password or a device credential is shown here once and never again.
 */
export interface UserSecretResponse {
  user: UserRecord;
  password?: string;
  /** A device's credential; the wall is opened at `/#kiosk=<deviceCredential>` (kioskPath). */
  deviceCredential?: string;
  kioskPath?: string;
}

/** One state-changing action: who, what, when and from where. */
export interface AuditEntry {
  id: string;
  /** ISO 8601. */
  at: string;
  /** A username, or a service name ('cli', 'alerting'); 'anonymous' for a failed sign-in's unknown caller. */
  actor: string;
  /** Dotted verb, e.g. 'auth.sign-in', 'auth.sign-in-failed', 'auth.sign-out', 'user.create', 'user.update', 'user.password-reset'. */
  action: string;
  /** What it was done to (a username, an alert id), when anything. */
  target: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
}

/** `GET /api/audit?actor=&action=&target=&from=&to=&limit=&before=`: newest first; `nextBefore` pages on. */
export interface AuditPage {
  entries: AuditEntry[];
  nextBefore: string | null;
}

/** The `code` of a 401 / 403 / 429 from the auth layer (the body also has `message`). */
export type AuthErrorCode = 'UNAUTHENTICATED' | 'BAD_CREDENTIALS' | 'ROLE_REQUIRED' | 'SIGN_IN_THROTTLED' | 'ACCOUNT_DISABLED';

/** `GET /api/auth/oidc`: whether the sign-in page offers single sign-on (OpenID Connect), and the button's name. */
export interface OidcSignInOption {
  enabled: boolean;
  /** The identity provider as people know it (`OIDC_NAME`): "Sign in with <name>". */
  name?: string;
}

/**
 * Why a single sign-on did not end signed in: the api sends the browser to `/sign-in?error=<code>`.
 * sso-off: not configured; sso-unavailable: the provider cannot be reached; sso-expired: the sign-in
 * took too long (or the browser dropped its cookie); sso-denied: cancelled at the provider; sso-failed:
 * the provider's answer did not check out; no-role: none of the person's groups maps to a role;
 * disabled: an admin disabled the account.
 */
export type OidcSignInError = 'sso-off' | 'sso-unavailable' | 'sso-expired' | 'sso-denied' | 'sso-failed' | 'no-role' | 'disabled';

export const OIDC_SIGN_IN_ERRORS: readonly OidcSignInError[] = ['sso-off', 'sso-unavailable', 'sso-expired', 'sso-denied', 'sso-failed', 'no-role', 'disabled'];
