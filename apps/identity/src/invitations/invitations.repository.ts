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

export interface TokenMaterial {
  tokenHash: Buffer;
  tokenSalt: Buffer;
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
  | { outcome: TokenOutcome; invitationId: string | null };

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

  accept(tokenHash: Buffer, userId: string): Promise<AcceptRow> {
    return this.db.one<AcceptRow>('identity.accept_invitation', { tokenHash, userId });
  }

  decline(tokenHash: Buffer, userId: string): Promise<DeclineRow> {
    return this.db.one<DeclineRow>('identity.decline_invitation', { tokenHash, userId });
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
