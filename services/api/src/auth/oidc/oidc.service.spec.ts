import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../audit/audit-entry';
import type { AuditService } from '../../audit/audit.service';
import type { UsersRepository } from '../../users/users.repository';
import type { AuthService } from '../auth.service';
import type { OidcFlow } from './oidc-flow-cookie';
import type { OidcIssuerClient, VerifiedIdentity } from './oidc-issuer.client';
import type { OidcOptions } from './oidc-options';
import { parseRoleMap } from './oidc-role-map';
import { OidcSignInError } from './oidc-sign-in.error';
import { OidcService } from './oidc.service';

// The refusals the end-to-end test (test/oidc.test.ts) cannot provoke with a real provider and database.
const ORIGIN = { ip: '198.51.100.1', userAgent: 'spec', correlationId: null };
const FLOW: OidcFlow = { state: 's'.repeat(20), nonce: 'n'.repeat(20), verifier: 'v'.repeat(43), next: '/console' };
const OPTIONS: OidcOptions = {
  issuer: new URL('https://id.city.example'),
  clientId: 'urban-brain',
  clientSecret: 'secret',
  redirectUrl: new URL('https://brain.city.example/api/auth/oidc/callback'),
  scopes: 'openid',
  roleClaim: 'groups',
  roleMap: (parseRoleMap('ub-admins=admin') as { map: OidcOptions['roleMap'] }).map,
  defaultRole: null,
  name: 'City ID',
};
const IDENTITY: VerifiedIdentity = { issuer: 'https://id.city.example', subject: 'u-1', claims: { sub: 'u-1', groups: ['ub-admins'] } };

function service(options: OidcOptions | null, overrides: { issuer?: Partial<OidcIssuerClient>; users?: Partial<UsersRepository>; auditFails?: boolean } = {}) {
  const audited: AuditRecord[] = [];
  const audit = {
    record: async (entry: AuditRecord) => {
      if (overrides.auditFails) throw new Error('database away');
      audited.push(entry);
    },
  } as unknown as AuditService;
  const issuer = { verifiedIdentity: async () => IDENTITY, ...overrides.issuer } as unknown as OidcIssuerClient;
  const users = { findByOidcIdentity: async () => null, ...overrides.users } as unknown as UsersRepository;
  return { oidc: new OidcService(issuer, users, {} as AuthService, audit, options), audited };
}

describe('OidcService', () => {
  it('tells the sign-in page whether it is on', () => {
    expect(service(null).oidc.option()).toEqual({ enabled: false });
    expect(service(OPTIONS).oidc.option()).toEqual({ enabled: true, name: 'City ID' });
  });

  it('answers sso-off when off, recording no failed sign-in (nothing was attempted)', async () => {
    const { oidc, audited } = service(null);
    expect(await oidc.finish(new URLSearchParams(), FLOW, ORIGIN)).toEqual({ redirectTo: '/sign-in?error=sso-off&next=%2Fconsole' });
    expect(audited).toEqual([]);
  });

  it('sends the browser back with the reason when the provider is away at the start, keeping next', async () => {
    const { oidc } = service(OPTIONS, {
      issuer: {
        authorizationRequest: async () => {
          throw new OidcSignInError('sso-unavailable', 'discovery failed');
        },
      },
    });
    expect(await oidc.start('/replay')).toEqual({ redirectTo: '/sign-in?error=sso-unavailable&next=%2Freplay' });
    expect(await oidc.start('https://evil.example')).toEqual({ redirectTo: '/sign-in?error=sso-unavailable' });
  });

  it('refuses a callback without a sign-on in progress, recording it', async () => {
    const { oidc, audited } = service(OPTIONS);
    expect(await oidc.finish(new URLSearchParams('code=x&state=y'), null, ORIGIN)).toEqual({ redirectTo: '/sign-in?error=sso-expired' });
    expect(audited).toEqual([expect.objectContaining({ actor: 'anonymous', action: 'auth.sign-in-failed', target: '(oidc)', detail: expect.objectContaining({ via: 'oidc', error: 'sso-expired' }), origin: ORIGIN })]);
  });

  it('turns an unexpected failure (the database) into sso-failed for the browser, the cause only in the audit log and the api log', async () => {
    const { oidc, audited } = service(OPTIONS, {
      users: {
        findByOidcIdentity: async () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        },
      },
    });
    expect(await oidc.finish(new URLSearchParams(), FLOW, ORIGIN)).toEqual({ redirectTo: '/sign-in?error=sso-failed&next=%2Fconsole' });
    expect(audited[0]!.detail).toMatchObject({ error: 'sso-failed', reason: 'unexpected: connect ECONNREFUSED 127.0.0.1:5432' });
  });

  it('still answers a redirect when even the audit log cannot be written', async () => {
    const { oidc } = service(OPTIONS, { auditFails: true });
    expect(await oidc.finish(new URLSearchParams(), null, ORIGIN)).toEqual({ redirectTo: '/sign-in?error=sso-expired' });
  });
});
