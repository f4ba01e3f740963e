import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BrowserSession, TokenPair } from '@urban-brain/proto';
import { AuditService } from '../audit/audit.service';
import { FAILED_SIGN_IN, SIGNED_IN } from '../audit/audit.repository';
import { DomainError, DomainErrorCode } from '../common/domain-error';
import { UsersRepository, type StoredUser } from '../users/users.repository';
import type { AuthContext, RequestOrigin, SessionClient } from './auth-context';
import { AUTH_CLOCK, AUTH_OPTIONS, type AuthOptions } from './auth-options';
import { verifyPassword } from './password-hasher';
import { isSecret, newSecret, secretHash } from './session-secret.util';
import { SessionsRepository, type LiveSession } from './sessions.repository';
import { FREE_FAILURES_PER_ADDRESS, FREE_FAILURES_PER_USERNAME, THROTTLE_WINDOW_MS, throttleWaitS } from './sign-in-throttle';

const BAD_CREDENTIALS = 'Wrong username or password';

/** A signed-in session with its secrets in clear text: answered once, stored only as hashes. */
export interface IssuedSession extends TokenPair {
  sessionId: string;
}

export function browserSession(session: AuthContext | IssuedSession): BrowserSession {
  return { user: session.user, accessExpiresAtMs: session.accessExpiresAtMs, refreshExpiresAtMs: session.refreshExpiresAtMs };
}

/** Sign-in, refresh, sign-out and the per-request session check. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    @Inject(AUTH_CLOCK) private readonly now: () => number,
  ) {}

  /**
   * A person's sign-in with a password. Unknown user, wrong password and disabled account all answer
   * BAD_CREDENTIALS after the same argon2 work; too many recent failures answer SIGN_IN_THROTTLED
   * before the password is even checked.
   */
  async signIn(rawUsername: string, password: string, client: Exclude<SessionClient, 'device'>, origin: RequestOrigin): Promise<IssuedSession> {
    const username = normaliseUsername(rawUsername);
    await this.refuseIfThrottled(username, origin);
    const user = await this.users.findByUsername(username);
    const usable = user !== null && user.kind === 'person' && !user.disabled;
    const matches = await verifyPassword(usable ? user.passwordHash : null, password);
    if (!usable || !matches) {
      await this.audit.record({ actor: 'anonymous', action: FAILED_SIGN_IN, target: username, detail: { client, reason: user === null ? 'unknown user' : !usable ? 'disabled or not a person' : 'wrong password' }, origin });
      throw new DomainError(DomainErrorCode.BAD_CREDENTIALS, BAD_CREDENTIALS);
    }
    return this.open(user, client, origin, SIGNED_IN);
  }

  /** A kiosk wall's sign-in with its device credential. */
  async signInDevice(credential: unknown, origin: RequestOrigin): Promise<IssuedSession> {
    await this.refuseIfThrottled('(device)', origin);
    const user = isSecret('device', credential) ? await this.users.findByDeviceCredential(secretHash(credential)) : null;
    if (user === null || user.disabled) {
      await this.audit.record({ actor: 'anonymous', action: FAILED_SIGN_IN, target: '(device)', detail: { client: 'device', reason: user === null ? 'unknown credential' : 'disabled' }, origin });
      throw new DomainError(DomainErrorCode.BAD_CREDENTIALS, 'Unknown or revoked device credential');
    }
    return this.open(user, 'device', origin, 'auth.device-sign-in');
  }

  /** A session for a user another way has proven (OpenID Connect). */
  signInVerified(user: StoredUser, origin: RequestOrigin, how: string): Promise<IssuedSession> {
    return this.open(user, 'browser', origin, SIGNED_IN, { via: how });
  }

  /** The session an access token opens, or null (no such token, expired, revoked, user disabled). */
  async authenticate(accessToken: unknown): Promise<LiveSession | null> {
    if (!isSecret('access', accessToken)) return null;
    return this.sessions.findByAccess(secretHash(accessToken));
  }

  /** New secrets for a refresh token (each works once); UNAUTHENTICATED when it does not. */
  async refresh(refreshToken: unknown, origin: RequestOrigin): Promise<IssuedSession> {
    if (!isSecret('refresh', refreshToken)) throw unauthenticated('No refresh token, or not one of ours');
    const access = newSecret('access');
    const refresh = newSecret('refresh');
    const accessExpiresAt = new Date(this.now() + this.options.accessTtlMs);
    const outcome = await this.sessions.rotate(secretHash(refreshToken), { accessHash: secretHash(access), accessExpiresAt, refreshHash: secretHash(refresh) }, this.options.refreshTtlMs);
    if (outcome.kind === 'reused') {
      this.logger.warn(`a used refresh token of ${outcome.username} came back: session ${outcome.sessionId} revoked`);
      await this.audit.record({ actor: outcome.username, action: 'auth.refresh-reused', target: outcome.username, detail: { sessionId: outcome.sessionId }, origin });
      throw unauthenticated('This refresh token was already used; the session has been ended, sign in again');
    }
    if (outcome.kind === 'unknown') throw unauthenticated('The session has ended (signed out, expired or its user disabled); sign in again');
    const { session } = outcome;
    return { ...browserSession(session), sessionId: session.sessionId, accessToken: access, refreshToken: refresh, accessExpiresAtMs: accessExpiresAt.getTime() };
  }

  async signOut(auth: AuthContext, origin: RequestOrigin): Promise<void> {
    await this.sessions.revoke(auth.sessionId);
    await this.audit.record({ actor: auth.user.username, actorUserId: auth.user.id, action: 'auth.sign-out', target: auth.user.username, detail: { client: auth.client }, origin });
  }

  private async open(user: StoredUser, client: SessionClient, origin: RequestOrigin, action: string, detail: Record<string, unknown> = {}): Promise<IssuedSession> {
    const access = newSecret('access');
    const refresh = newSecret('refresh');
    const now = this.now();
    const accessExpiresAt = new Date(now + this.options.accessTtlMs);
    const refreshExpiresAt = new Date(now + this.options.refreshTtlMs[client]);
    const sessionId = await this.sessions.create(
      user.id,
      client,
      { accessHash: secretHash(access), accessExpiresAt, refreshHash: secretHash(refresh), refreshExpiresAt },
      origin,
    );
    await this.users.recordSignIn(user.id);
    await this.audit.record({ actor: user.username, actorUserId: user.id, action, target: user.username, detail: { client, ...detail }, origin });
    return {
      sessionId,
      user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, kind: user.kind },
      accessToken: access,
      accessExpiresAtMs: accessExpiresAt.getTime(),
      refreshToken: refresh,
      refreshExpiresAtMs: refreshExpiresAt.getTime(),
    };
  }

  private async refuseIfThrottled(username: string, origin: RequestOrigin): Promise<void> {
    const now = this.now();
    const failures = await this.audit.recentSignInFailures(username, origin.ip, new Date(now - THROTTLE_WINDOW_MS));
    const waitS = Math.max(throttleWaitS(failures.byUsername, FREE_FAILURES_PER_USERNAME, now), throttleWaitS(failures.byAddress, FREE_FAILURES_PER_ADDRESS, now));
    if (waitS > 0) {
      throw new DomainError(DomainErrorCode.SIGN_IN_THROTTLED, `Too many failed sign-ins; try again in ${waitS} s`, [], { extra: { retryAfterS: waitS } });
    }
  }
}

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

export function unauthenticated(message: string): DomainError {
  return new DomainError(DomainErrorCode.UNAUTHENTICATED, message);
}
