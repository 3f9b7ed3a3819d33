import { isKnownRole, mayAssignRole, type AppRoles } from '@vv/access';
import { ServiceError } from '@vv/platform';
import { isAppAdmin, type Granted } from '../village-access/village-access.policy';

/**
 * Whether an actor holding `members.manage` may give `newRole` to a member now holding
 * `currentRole` (null: not a member yet). Throws `invalid` for a role nobody defined and
 * `forbidden` when only an owner may do it (granting or taking `owner`).
 */
export function assertMayAssign(
  actorRole: string,
  currentRole: string | null,
  newRole: string,
  appRoles: AppRoles,
): void {
  if (!isKnownRole(newRole, appRoles)) {
    throw ServiceError.invalid([{ field: 'role', reason: `no role named ${newRole} in this app` }]);
  }
  if (!mayAssignRole(actorRole, currentRole, newRole)) {
    throw new ServiceError('forbidden', 'Only an owner grants or takes the owner role');
  }
}

/** Removing someone else: only an owner removes an owner. Leaving (oneself) is always allowed. */
export function assertMayRemove(actorRole: string, targetRole: string): void {
  if (targetRole === 'owner' && actorRole !== 'owner') {
    throw new ServiceError('forbidden', 'Only an owner removes an owner');
  }
}

/**
 * Whether adding a user puts them in the village at once, rather than inviting them to accept:
 * only where the app decides membership itself — a fixed village (metadata `app/villages`), an
 * app admin (`APP_ADMIN_EMAILS`) adding, or metadata `app/members` with `directAdd: true`.
 * Otherwise nobody is made a villager (and shown what villagers share) without their consent.
 */
export const mayAddDirectly = (granted: Granted, adminEmails: readonly string[]): boolean =>
  granted.village.fixedKey !== null ||
  isAppAdmin(granted.actorEmail, adminEmails) ||
  granted.appMembers.directAdd === true;
