import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OidcSignInError as OidcSignInErrorCode, OidcSignInOption, Role } from '@urban-brain/proto';
import { AuditService } from '../../audit/audit.service';
import { FAILED_SIGN_IN } from '../../audit/audit.repository';
import { UsernameTakenError, UsersRepository, type StoredUser } from '../../users/users.repository';
import type { RequestOrigin } from '../auth-context';
import { AuthService, type IssuedSession } from '../auth.service';
import { safeNextPath } from './next-path';
import type { OidcFlow } from './oidc-flow-cookie';
import { OidcIssuerClient, type VerifiedIdentity } from './oidc-issuer.client';
import { OIDC_OPTIONS, type OidcOptions } from './oidc-options';
import { claimValues, mappedRole } from './oidc-role-map';
import { OidcSignInError } from './oidc-sign-in.error';
import { oidcUsernameBase, usernameCandidates } from './oidc-username';

// The audit log's actor for what a sign-on changes on its own (a new account, a role from the provider).
const OIDC_ACTOR = 'oidc';
const SIGN_IN_PAGE = '/sign-in';

/** Where the browser goes next; a session to set as cookies when the sign-on succeeded, a flow to keep when one starts. */
export type OidcStep = { redirectTo: string; session?: IssuedSession; flow?: OidcFlow };

/** Single sign-on: the provider proves who someone is, the role comes from its claim, the session is ours. */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);

  constructor(
    private readonly issuer: OidcIssuerClient,
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    @Inject(OIDC_OPTIONS) private readonly options: OidcOptions | null,
  ) {}

  option(): OidcSignInOption {
    return this.options === null ? { enabled: false } : { enabled: true, name: this.options.name };
  }

  /** Off to the provider, or back to the sign-in page saying why not. */
  async start(next: unknown): Promise<OidcStep> {
    const path = safeNextPath(next);
    try {
      const { url, flow } = await this.issuer.authorizationRequest(path);
      return { redirectTo: url.href, flow };
    } catch (error) {
      return { redirectTo: signInPageWith(this.refusal(error).code, path) };
    }
  }

  /** The provider's answer: a session and the page the person was going to, or the sign-in page with the reason. */
  async finish(callbackQuery: URLSearchParams, flow: OidcFlow | null, origin: RequestOrigin): Promise<OidcStep> {
    const next = safeNextPath(flow?.next);
    // Off: nothing was attempted, so nothing for the audit log (nor for the sign-in throttle, which counts its failures).
    if (this.options === null) return { redirectTo: signInPageWith('sso-off', next) };
    try {
      if (flow === null) throw new OidcSignInError('sso-expired', 'no sign-on in progress in this browser (its cookie expired or did not come back)');
      const session = await this.signIn(await this.issuer.verifiedIdentity(callbackQuery, flow), origin);
      return { redirectTo: next, session };
    } catch (error) {
      const refusal = this.refusal(error);
      await this.audit
        .record({ actor: 'anonymous', action: FAILED_SIGN_IN, target: refusal.username ?? '(oidc)', detail: { client: 'browser', via: 'oidc', error: refusal.code, reason: refusal.reason }, origin })
        .catch((auditError: unknown) => this.logger.error(`could not record a failed sign-on: ${String(auditError)}`));
      return { redirectTo: signInPageWith(refusal.code, next) };
    }
  }

  private async signIn(identity: VerifiedIdentity, origin: RequestOrigin): Promise<IssuedSession> {
    const options = this.options!;
    const values = claimValues(identity.claims, options.roleClaim);
    const role = mappedRole(values, options.roleMap, options.defaultRole);
    let user = await this.users.findByOidcIdentity(identity.issuer, identity.subject);
    if (user?.disabled) throw new OidcSignInError('disabled', 'the account is disabled', user.username);
    if (role === null) {
      const shown = values.slice(0, 20).map((value) => JSON.stringify(value.slice(0, 80))).join(', ');
      throw new OidcSignInError('no-role', `no role: ${options.roleClaim} holds [${shown}], none mapped by OIDC_ROLE_MAP, and OIDC_DEFAULT_ROLE is none`, user?.username ?? null);
    }
    if (user === null) user = await this.createUser(identity, role, origin);
    else if (user.role !== role) user = await this.changeRole(user, role, origin);
    return this.auth.signInVerified(user, origin, 'oidc');
  }

  // A new account for a first sign-on; never an existing one of the same name (that would hand a
  // local account to whoever the provider calls by its name).
  private async createUser(identity: VerifiedIdentity, role: Role, origin: RequestOrigin): Promise<StoredUser> {
    const name = identity.claims.name;
    for (const username of usernameCandidates(oidcUsernameBase(identity.claims))) {
      try {
        const user = await this.users.insert({
          username,
          displayName: typeof name === 'string' && name.trim() !== '' ? name.trim().slice(0, 100) : username,
          role,
          kind: 'person',
          origin: 'oidc',
          passwordHash: null,
          deviceCredentialHash: null,
          oidcIssuer: identity.issuer,
          oidcSubject: identity.subject,
        });
        await this.audit.record({ actor: OIDC_ACTOR, action: 'user.create', target: user.username, detail: { role, kind: 'person', origin: 'oidc', issuer: identity.issuer }, origin });
        return user;
      } catch (error) {
        if (!(error instanceof UsernameTakenError)) throw error;
        // Either the name is taken, or the same person's first sign-on in another tab won the race.
        const raced = await this.users.findByOidcIdentity(identity.issuer, identity.subject);
        if (raced !== null) return raced;
      }
    }
    throw new OidcSignInError('sso-failed', `no free username for ${oidcUsernameBase(identity.claims)}`);
  }

  // The provider is the source of roles for its people: an admin's change lasts until their next sign-on.
  private async changeRole(user: StoredUser, role: Role, origin: RequestOrigin): Promise<StoredUser> {
    const updated = await this.users.update(user.id, { role });
    if (updated === null) throw new OidcSignInError('sso-failed', `the account ${user.username} vanished during sign-on`, user.username);
    await this.audit.record({ actor: OIDC_ACTOR, action: 'user.update', target: user.username, detail: { role, from: user.role, via: 'oidc' }, origin });
    return updated;
  }

  private refusal(error: unknown): OidcSignInError {
    if (error instanceof OidcSignInError) {
      this.logger.warn(`single sign-on refused (${error.code}): ${error.reason}`);
      return error;
    }
    // Not the provider's doing (the database, a bug): logged in full, the browser only told it failed.
    this.logger.error(`single sign-on failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return new OidcSignInError('sso-failed', `unexpected: ${error instanceof Error ? error.message : String(error)}`, null, { cause: error });
  }
}

export function signInPageWith(error: OidcSignInErrorCode, next: string): string {
  const query = new URLSearchParams({ error });
  if (next !== '/') query.set('next', next);
  return `${SIGN_IN_PAGE}?${query.toString()}`;
}
