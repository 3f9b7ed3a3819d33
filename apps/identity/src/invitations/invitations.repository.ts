import { Injectable } from '@nestjs/common';
import type { InvitationStatus } from '@vv/contracts';
import { Database } from '@vv/platform';
import type { TimeIdKey } from '@vv/platform';
import type { InvitationListRow, InvitationRow } from './invitation-row';
import type { TokenOutcome } from './invitations.policy';

export interface NewInvitation {
  villageId: string;
  email: string;
  role: string;
  message: string | null;
  maxUses: number;
  ttlSeconds: number;
  invitedBy: string;
}

/** An invitation to an account (member.add): single-use, no message. */
export interface NewMemberInvitation {
  villageId: string;
  userId: string;
  role: string;
  ttlSeconds: number;
  invitedBy: string;
}

export interface TokenMaterial {
  tokenHash: Buffer;
  tokenSalt: Buffer;
}

/** How an invitee names an invitation: the token of its link, or its id (in the app). */
export type InvitationRef = { tokenHash: Buffer } | { invitationId: string };

/** What a use of an invitation is decided on (identity.get_invitation_authority). */
export interface InvitationAuthorityRow {
  invitationId: string;
  villageId: string;
  /** The preset role. */
  role: string;
  /** Addressed to an account (made by member.add), rather than to an email address. */
  toAccount: boolean;
  invitedBy: string | null;
  /** The sender's current role in the village; null when no longer a member. */
  inviterRole: string | null;
  /** Metadata `app/roles` as stored. */
  appRoles: unknown;
}

export type AcceptRow =
  | {
      outcome: 'accepted';
      invitationId: string;
      villageId: string;
      userId: string;
      role: string;
      createdAt: string;
      updatedAt: string;
    }
  | { outcome: TokenOutcome | 'inviter_changed'; invitationId: string | null };

export type DeclineRow = { outcome: 'declined' | TokenOutcome; invitationId: string | null };

export interface InvitationMailRow {
  invitationId: string;
  villageId: string;
  villageName: string;
  email: string;
  role: string;
  message: string | null;
  status: InvitationStatus;
  expiresAt: string;
  inviterName: string | null;
  tokenVersion: number;
  tokenStatus: 'active' | 'superseded';
  tokenSalt: Buffer;
}

/** The only file of the invitations module that calls SQL. Tokens reach it only as hashes and salts. */
@Injectable()
export class InvitationsRepository {
  constructor(private readonly db: Database) {}

  create(invitation: NewInvitation, token: TokenMaterial): Promise<InvitationRow> {
    return this.db.one<InvitationRow>('identity.create_invitation', { ...invitation, ...token });
  }

  /** `not_found` for no such active user, `conflict` while one is pending for them in the village. */
  createForMember(invitation: NewMemberInvitation, token: TokenMaterial): Promise<InvitationRow> {
    return this.db.one<InvitationRow>('identity.create_member_invitation', { ...invitation, ...token });
  }

  resend(
    villageId: string,
    invitationId: string,
    actorId: string,
    ttlSeconds: number,
    token: TokenMaterial,
  ): Promise<InvitationRow> {
    return this.db.one<InvitationRow>('identity.resend_invitation', {
      villageId,
      invitationId,
      actorId,
      ttlSeconds,
      ...token,
    });
  }

  revoke(villageId: string, invitationId: string, actorId: string): Promise<InvitationRow> {
    return this.db.one<InvitationRow>('identity.revoke_invitation', { villageId, invitationId, actorId });
  }

  list(
    villageId: string,
    status: InvitationStatus | undefined,
    before: TimeIdKey | undefined,
    limit: number,
  ): Promise<InvitationListRow[]> {
    return this.db.call<InvitationListRow>('identity.list_invitations', {
      villageId,
      status,
      beforeCreatedAt: before?.[0],
      beforeId: before?.[1],
      limit,
    });
  }

  listMine(userId: string, before: TimeIdKey | undefined, limit: number): Promise<InvitationListRow[]> {
    return this.db.call<InvitationListRow>('identity.list_my_invitations', {
      userId,
      beforeCreatedAt: before?.[0],
      beforeId: before?.[1],
      limit,
    });
  }

  get(invitationId: string): Promise<InvitationRow> {
    return this.db.one<InvitationRow>('identity.invitation_result', { invitationId });
  }

  /** Undefined when there is no such invitation (by id: none addressed to the user). */
  authority(ref: InvitationRef, userId: string | null): Promise<InvitationAuthorityRow | undefined> {
    return this.db.maybeOne<InvitationAuthorityRow>('identity.get_invitation_authority', {
      ...refArgs(ref),
      userId,
    });
  }

  /** Uses the invitation, provided its sender still holds `inviterRole` (else `inviter_changed`). */
  accept(ref: InvitationRef, userId: string, inviterRole: string | null): Promise<AcceptRow> {
    return this.db.one<AcceptRow>('identity.accept_invitation', { ...refArgs(ref), userId, inviterRole });
  }

  decline(ref: InvitationRef, userId: string): Promise<DeclineRow> {
    return this.db.one<DeclineRow>('identity.decline_invitation', { ...refArgs(ref), userId });
  }

  /** Expires up to `limit` pending invitations past their expiry; how many. */
  async expireDue(limit: number): Promise<number> {
    const row = await this.db.one<{ expireInvitations: number }>('identity.expire_invitations', { limit });
    return row.expireInvitations;
  }

  mail(invitationId: string, tokenVersion: number): Promise<InvitationMailRow | undefined> {
    return this.db.maybeOne<InvitationMailRow>('identity.get_invitation_mail', {
      invitationId,
      tokenVersion,
    });
  }
}

/** Both arguments always (a function without defaults), the one not given as null. */
const refArgs = (ref: InvitationRef): { tokenHash: Buffer | null; invitationId: string | null } =>
  'tokenHash' in ref
    ? { tokenHash: ref.tokenHash, invitationId: null }
    : { tokenHash: null, invitationId: ref.invitationId };
