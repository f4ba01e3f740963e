import { DEFAULT_CITY_PACK_DIR } from '@urban-brain/city-pack';
import { databaseEnv, httpEnv, liveTokenSecretEnv, logEnv } from '@urban-brain/common';
import { isRole, ROLES, type Role } from '@urban-brain/proto';
import { z } from 'zod';
import { parseRoleMap } from '../auth/oidc/oidc-role-map';

const baseConfigSchema = z.object({
  ...databaseEnv,
  ...httpEnv(3000),
  ...logEnv,
  // Loopback by default: exposing the API is a deployment decision, not an accident.
  HTTP_HOST: z.string().min(1, 'must be a host name or address').default('127.0.0.1'),
  // The city pack folder (manifest.json + GeoJSON layers); loaded and validated once at boot.
  CITY_PACK_DIR: z.string().min(1, 'must be a folder path').default(DEFAULT_CITY_PACK_DIR),
  // Shared with the realtime gateway, which checks the tokens POST /api/live/tokens signs with it.
  ...liveTokenSecretEnv,
  // 12 h: a wall screen reconnecting after a network loss rarely needs a new one; a leaked one dies by the next shift.
  // How far back replay reaches (issue 14): what the database keeps raw; a deployment keeping more may raise it.
  REPLAY_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(36_500).default(7),
  LIVE_TOKEN_TTL_S: z.coerce.number().int().min(60).max(7 * 86_400).default(43_200),
  // The rules service, which checks a rule set before it is stored and says which is in force.
  ALERTING_URL: z.string().url('must be an http:// URL').default('http://127.0.0.1:3004'),
  // demo (`npm start`: seeded demo logins) or production (no demo logins; the first admin from the CLI).
  UB_DEPLOYMENT: z.enum(['demo', 'production'], { message: 'must be demo or production' }).default('demo'),
  // Sessions (docs/users-and-roles.md): a short access token, refreshed while the page or script runs.
  AUTH_ACCESS_TTL_S: z.coerce.number().int().min(30).max(86_400).default(900),
  AUTH_REFRESH_TTL_S: z.coerce.number().int().min(300).max(30 * 86_400).default(43_200),
  // A kiosk wall refreshes for weeks unattended; a month without one ends its session.
  AUTH_DEVICE_REFRESH_TTL_S: z.coerce.number().int().min(3_600).max(365 * 86_400).default(30 * 86_400),
  // auto: Secure cookies in production (behind HTTPS), not in the demo on http://127.0.0.1.
  AUTH_COOKIE_SECURE: z.enum(['auto', 'true', 'false'], { message: 'must be auto, true or false' }).default('auto'),
});

// The route the provider sends the browser back to; OIDC_REDIRECT_URL must end with it.
export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
// An unset variable and an empty one (`OIDC_ISSUER_URL=` in an env file) both mean "not set".
const optionalText = z.string().trim().optional().transform((value) => (value === '' ? undefined : value));

// Single sign-on with the city's identity provider (docs/users-and-roles.md): off unless
// OIDC_ISSUER_URL is set, and then the rest it needs must be there and sound.
const oidcConfigSchema = z
  .object({
    OIDC_ISSUER_URL: optionalText,
    OIDC_CLIENT_ID: optionalText,
    OIDC_CLIENT_SECRET: optionalText,
    OIDC_REDIRECT_URL: optionalText,
    OIDC_SCOPES: z.string().trim().default('openid profile email'),
    // A claim holding a string or an array of strings (a dotted name reaches into nested claims).
    OIDC_ROLE_CLAIM: z.string().trim().min(1, 'must be a claim name').default('groups'),
    OIDC_ROLE_MAP: z.string().trim().default(''),
    // The role of someone none of whose claim values is mapped; none refuses them.
    OIDC_DEFAULT_ROLE: z
      .string()
      .trim()
      .refine((value): value is Role | 'none' => value === 'none' || isRole(value), `must be a role (${ROLES.join(', ')}) or none`)
      .default('none'),
    OIDC_NAME: z.string().trim().min(1, 'must be a name').max(60, 'must be at most 60 characters').default('single sign-on'),
  })
  .superRefine((env, ctx) => {
    if (env.OIDC_ISSUER_URL === undefined) return;
    const problem = (variable: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message });
    const issuer = urlOrNull(env.OIDC_ISSUER_URL);
    // Plain http only for a provider on this machine (tests, a local Keycloak); tokens never cross a network in clear.
    if (issuer === null || !(issuer.protocol === 'https:' || (issuer.protocol === 'http:' && LOOPBACK_HOSTS.has(issuer.hostname)))) {
      problem('OIDC_ISSUER_URL', 'must be an https URL (http only for a loopback address)');
    }
    if (env.OIDC_CLIENT_ID === undefined) problem('OIDC_CLIENT_ID', 'is required with OIDC_ISSUER_URL');
    if (env.OIDC_CLIENT_SECRET === undefined) problem('OIDC_CLIENT_SECRET', 'is required with OIDC_ISSUER_URL');
    const redirect = env.OIDC_REDIRECT_URL === undefined ? null : urlOrNull(env.OIDC_REDIRECT_URL);
    if (redirect === null || !/^https?:$/.test(redirect.protocol) || !redirect.pathname.endsWith(OIDC_CALLBACK_PATH) || redirect.search !== '') {
      problem('OIDC_REDIRECT_URL', `is required with OIDC_ISSUER_URL: the browser's URL of the api's ${OIDC_CALLBACK_PATH}, e.g. https://city.example/api/auth/oidc/callback`);
    }
    if (!env.OIDC_SCOPES.split(/\s+/).includes('openid')) problem('OIDC_SCOPES', 'must include openid');
    const roleMap = parseRoleMap(env.OIDC_ROLE_MAP);
    if ('problem' in roleMap) problem('OIDC_ROLE_MAP', roleMap.problem);
    else if (roleMap.map.size === 0 && env.OIDC_DEFAULT_ROLE === 'none') {
      problem('OIDC_ROLE_MAP', 'maps nothing and OIDC_DEFAULT_ROLE is none: nobody could sign in; map a group to a role or set a default role');
    }
  });

function urlOrNull(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

// An intersection, not one object with a refinement: both halves are checked, so a bad HTTP_PORT
// and a missing OIDC_CLIENT_ID are reported together.
export const apiConfigSchema = z.intersection(baseConfigSchema, oidcConfigSchema);

export type ApiConfig = z.infer<typeof apiConfigSchema>;

export const API_CONFIG = Symbol('API_CONFIG');
