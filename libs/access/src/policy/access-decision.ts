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
 * What changing (editing, deleting, completing…) a piece of village content needs. Authorship is
 * an input, never a bypass: the author needs `own` now — the permission that let them write it
 * (`topics.post` for a post) — and anyone else `others` (moderation), both as current members.
 */
export interface ChangeRule {
  /** Whether the caller wrote (created, uploaded, owns) the content. */
  author: boolean;
  /** What the author needs now to change their own content. */
  own: Permission;
  /** What anyone else needs to change it; absent when only its author may. */
  others?: Permission;
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

/**
 * The decision for changing content under `rule`: only current members change anything (a former
 * member, author or not, is an outsider: `not_found` in a private village, `forbidden` in a public
 * one); a member holding `others` may, and so may its author while holding `own`.
 */
export function decideChange(facts: AccessFacts, rule: ChangeRule, appRoles: AppRoles = {}): AccessDecision {
  if (!facts.village) return 'not_found';
  const { role } = facts;
  if (role === null) return facts.village.visibility === 'private' ? 'not_found' : 'forbidden';
  const holds = (permission: Permission | undefined): boolean =>
    permission !== undefined && hasPermission(role, permission, appRoles);
  return holds(rule.others) || (rule.author && holds(rule.own)) ? 'allow' : 'forbidden';
}
