import type { Role } from '@urban-brain/proto';
import type { ApiConfig } from '../../config/api.config';
import { parseRoleMap, type RoleMap } from './oidc-role-map';

export const OIDC_OPTIONS = Symbol('OIDC_OPTIONS');

/** Single sign-on as configured (OIDC_*), or null when it is off. */
export interface OidcOptions {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  redirectUrl: URL;
  scopes: string;
  roleClaim: string;
  roleMap: RoleMap;
  /** The role of someone with no mapped claim value; null refuses them. */
  defaultRole: Role | null;
  name: string;
}

/** The config schema has checked every OIDC_* variable already; this only reshapes them. */
export function oidcOptionsOf(config: ApiConfig): OidcOptions | null {
  const { OIDC_ISSUER_URL: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret, OIDC_REDIRECT_URL: redirectUrl } = config;
  if (issuer === undefined || clientId === undefined || clientSecret === undefined || redirectUrl === undefined) return null;
  const roleMap = parseRoleMap(config.OIDC_ROLE_MAP);
  if ('problem' in roleMap) throw new Error(`OIDC_ROLE_MAP: ${roleMap.problem}`);
  return {
    issuer: new URL(issuer),
    clientId,
    clientSecret,
    redirectUrl: new URL(redirectUrl),
    scopes: config.OIDC_SCOPES,
    roleClaim: config.OIDC_ROLE_CLAIM,
    roleMap: roleMap.map,
    defaultRole: config.OIDC_DEFAULT_ROLE === 'none' ? null : config.OIDC_DEFAULT_ROLE,
    name: config.OIDC_NAME,
  };
}
