import { isRole, ROLES, type Role } from '@urban-brain/proto';

/** A value of the provider's role claim (a group name) and the role it gives. */
export type RoleMap = ReadonlyMap<string, Role>;

/**
 * `OIDC_ROLE_MAP`: `ub-admins=admin,ub-engineers=engineer`. Split at the last `=` of each pair, so a
 * value may hold `=` itself; it cannot hold a comma (use the group's name, not an LDAP DN).
 */
export function parseRoleMap(text: string): { map: RoleMap } | { problem: string } {
  const map = new Map<string, Role>();
  for (const pair of text.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const cut = pair.lastIndexOf('=');
    const value = pair.slice(0, Math.max(cut, 0)).trim();
    const role = pair.slice(cut + 1).trim();
    if (cut <= 0 || value === '') return { problem: `"${pair}" is not <claim value>=<role>` };
    if (!isRole(role)) return { problem: `"${pair}": ${role} is not a role (${ROLES.join(', ')})` };
    if (map.has(value) && map.get(value) !== role) return { problem: `"${value}" is mapped twice` };
    map.set(value, role);
  }
  return { map };
}

/**
 * The strings a claim holds: a string, or an array of them. A name with dots that is not a claim
 * itself is a path into nested claims (Keycloak's `realm_access.roles`).
 */
export function claimValues(claims: Record<string, unknown>, claim: string): string[] {
  const value = claim in claims ? claims[claim] : claim.split('.').reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), claims);
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/** The highest role any value maps to; `fallback` (the default role, or null: refuse) when none does. */
export function mappedRole(values: readonly string[], map: RoleMap, fallback: Role | null): Role | null {
  let best: Role | null = null;
  for (const value of values) {
    const role = map.get(value);
    if (role !== undefined && (best === null || ROLES.indexOf(role) > ROLES.indexOf(best))) best = role;
  }
  return best ?? fallback;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
