import type { Permission, VillageVisibility } from '@vv/contracts';
import { hasPermission, type AppRoles } from './role-permissions';

/** What a signed-in user who is not a member may do in a public village: read it and its directory. */
const PUBLIC_OUTSIDER: ReadonlySet<Permission> = new Set<Permission>(['village.read', 'members.read']);

export type AccessDecision = 'allow' | 'not_found' | 'forbidden';

export interface AccessFacts {
  /** Null when the village does not exist (or was deleted). */
  village: { visibility: VillageVisibility } | null;
  /** The caller's role in the village; null when they are not a member. */
  role: string | null;
}

/**
 * The one decision every service makes before touching village content. A private village is
 * invisible to outsiders, existence included (`not_found`, never `forbidden`); a public one may be
 * read by anyone signed in; a member may do what their role grants, and is told `forbidden`
 * otherwise.
 */
export function decideAccess(
  facts: AccessFacts,
  permission: Permission,
  appRoles: AppRoles = {},
): AccessDecision {
  if (!facts.village) return 'not_found';
  if (facts.role === null) {
    if (facts.village.visibility === 'private') return 'not_found';
    return PUBLIC_OUTSIDER.has(permission) ? 'allow' : 'forbidden';
  }
  return hasPermission(facts.role, permission, appRoles) ? 'allow' : 'forbidden';
}
