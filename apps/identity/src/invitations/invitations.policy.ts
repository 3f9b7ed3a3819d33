import { hasPermission, isKnownRole, mayAssignRole, type AppRoles } from '@vv/access';
import type { Permission } from '@vv/contracts';
import { ServiceError } from '@vv/platform';
import type { Granted } from '../village-access/village-access.policy';

/**
 * Who may manage a village's invitations: members whose role grants `invitations.manage`. The
 * village-access gate decides it (a private village is invisible to outsiders: `not_found`;
 * anyone else without the permission is `forbidden`).
 */
export const MANAGE_INVITATIONS: Permission = 'invitations.manage';

/** The manager's role from the gate's facts; a non-member is never a manager (`forbidden`). */
export function managerRole(granted: Granted): string {
  if (granted.actorRole === null) {
    throw new ServiceError('forbidden', 'Managing invitations needs the invitations.manage permission');
  }
  return granted.actorRole;
}

/** The preset role must exist (built in or in `app/roles`), and only an owner invites an owner. */
export function assertMayPresetRole(actorRole: string, presetRole: string, appRoles: AppRoles): void {
  if (!isKnownRole(presetRole, appRoles)) {
    throw ServiceError.invalid([{ field: 'role', reason: `no role called ${presetRole}` }]);
  }
  if (!mayAssignRole(actorRole, null, presetRole)) {
    throw new ServiceError('forbidden', 'Only an owner may invite an owner');
  }
}

/** What an invitation's use is decided on: its sender's standing now. */
export interface InvitationAuthority {
  /** The preset role. */
  role: string;
  /** Made by member.add (to an account, with `members.manage`) rather than to an address. */
  toAccount: boolean;
  /** The sender's current role in the village; null when they are no longer a member. */
  inviterRole: string | null;
  appRoles: AppRoles;
}

/**
 * An invitation is a write made on its sender's authority, so it is honoured only while they
 * could still make it: a member whose current role grants the permission it was made with
 * (`members.manage` for one to an account, `invitations.manage` for one to an address) and may
 * give its preset role. A removed or demoted admin's invitations stop working; `gone` otherwise.
 */
export function assertSenderMayStill(authority: InvitationAuthority): void {
  const { inviterRole, appRoles } = authority;
  const permission: Permission = authority.toAccount ? 'members.manage' : MANAGE_INVITATIONS;
  if (
    inviterRole === null ||
    !hasPermission(inviterRole, permission, appRoles) ||
    !mayAssignRole(inviterRole, null, authority.role)
  ) {
    throw new ServiceError('gone', 'This invitation is no longer valid: its sender may no longer invite you');
  }
}

/** What presenting a token led to, as identity's functions say it. */
export type TokenOutcome =
  'unknown' | 'unknown_user' | 'superseded' | 'revoked' | 'declined' | 'expired' | 'used_up' | 'wrong_email';

/** The contract error of a token (or an id) that cannot be used. */
export function tokenRefusal(outcome: TokenOutcome | 'inviter_changed'): ServiceError {
  switch (outcome) {
    case 'inviter_changed':
      return new ServiceError('conflict', "The role of the invitation's sender just changed; try again");
    case 'unknown':
      return new ServiceError('not_found', 'No such invitation');
    case 'unknown_user':
      return new ServiceError('unauthenticated', 'This account no longer exists; sign in again');
    case 'superseded':
      return new ServiceError('gone', 'This invitation link was replaced by a newer one');
    case 'revoked':
      return new ServiceError('gone', 'This invitation was revoked');
    case 'declined':
      return new ServiceError('gone', 'This invitation was declined');
    case 'expired':
      return new ServiceError('gone', 'This invitation has expired');
    case 'used_up':
      return new ServiceError('conflict', 'This invitation was already used');
    case 'wrong_email':
      return new ServiceError('forbidden', 'This invitation is addressed to another email');
    default:
      return outcome satisfies never;
  }
}
