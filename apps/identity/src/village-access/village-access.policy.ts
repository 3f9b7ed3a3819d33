import { appRolesDocument, decideAccess, type AccessDecision, type AppRoles } from '@vv/access';
import {
  appMembersDocument,
  type AppMembersDocument,
  type Permission,
  type VillageVisibility,
} from '@vv/contracts';
import { ServiceError } from '@vv/platform';
import type { VillageAccessRow } from './village-access.repository';

/** The village a decision is about. */
export interface AccessVillage {
  id: string;
  visibility: VillageVisibility;
  fixedKey: string | null;
}

/** Everything a gate decides with, read in one round trip (`identity.get_village_access`). */
export interface VillageAccessFacts {
  /** Null when there is no such village (or none was asked about). */
  village: AccessVillage | null;
  /** The actor's role in the village; null when not a member. */
  actorRole: string | null;
  /** The role of the member acted upon, when one was named; null when not a member. */
  userRole: string | null;
  /** The actor's email (app admins, invitations by address); null when the account is gone. */
  actorEmail: string | null;
  /** Metadata `app/roles`; an invalid stored document counts as none (writes validate it). */
  appRoles: AppRoles;
  /** Metadata `app/members` (how members join); absent or invalid counts as `{}`. */
  appMembers: AppMembersDocument;
}

/** An allowed caller: the facts the decision was made with, the village known to exist. */
export interface Granted extends VillageAccessFacts {
  village: AccessVillage;
}

/** Metadata `app/roles` as the policies read it; absent or invalid counts as none. */
export function appRolesOf(stored: unknown): AppRoles {
  if (stored === null || stored === undefined) return {};
  const parsed = appRolesDocument.safeParse(stored);
  return parsed.success ? parsed.data : {};
}

/** Metadata `app/members` as the policies read it; absent or invalid counts as `{}` (the defaults). */
export function appMembersOf(stored: unknown): AppMembersDocument {
  const parsed = appMembersDocument.safeParse(stored ?? {});
  return parsed.success ? parsed.data : {};
}

export const toVillageAccessFacts = (row: VillageAccessRow): VillageAccessFacts => ({
  village:
    row.villageId !== null && row.visibility !== null
      ? { id: row.villageId, visibility: row.visibility, fixedKey: row.fixedKey }
      : null,
  actorRole: row.actorRole,
  userRole: row.userRole,
  actorEmail: row.actorEmail,
  appRoles: appRolesOf(row.appRoles),
  appMembers: appMembersOf(row.appMembers),
});

/** App admins are the users whose email is in APP_ADMIN_EMAILS (case-insensitive). */
export const isAppAdmin = (email: string | null, adminEmails: readonly string[]): boolean =>
  email !== null && adminEmails.some((admin) => admin.toLowerCase() === email.toLowerCase());

/** libs/access's one decision on these facts: a private village is `not_found` to outsiders. */
export const decideVillageAccess = (facts: VillageAccessFacts, permission: Permission): AccessDecision =>
  decideAccess({ village: facts.village, role: facts.actorRole }, permission, facts.appRoles);

/** The facts of an allowed caller, or `not_found` / `forbidden`. */
export function assertGranted(facts: VillageAccessFacts, permission: Permission): Granted {
  const decision = decideVillageAccess(facts, permission);
  const { village } = facts;
  if (decision === 'not_found' || village === null) throw new ServiceError('not_found', 'No such village');
  if (decision === 'forbidden') {
    throw new ServiceError('forbidden', `Your role in this village does not allow ${permission}`);
  }
  return { ...facts, village };
}
