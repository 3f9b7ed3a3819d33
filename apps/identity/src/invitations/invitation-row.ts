import type { Invitation, InvitationStatus } from '@vv/contracts';

/** An invitation as identity's functions return it (camelCase, ISO timestamps). */
export interface InvitationRow {
  id: string;
  villageId: string;
  villageName: string;
  email: string | null;
  inviteeUserId: string | null;
  role: string;
  message: string | null;
  maxUses: number;
  uses: number;
  status: InvitationStatus;
  invitedBy: string | null;
  tokenVersion: number;
  expiresAt: string;
  data: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** A row of a list, with the full-precision `created_at` its cursor needs. */
export interface InvitationListRow extends InvitationRow {
  pageAt: string;
}

export const toInvitation = (row: InvitationRow): Invitation => ({
  id: row.id,
  villageId: row.villageId,
  villageName: row.villageName,
  email: row.email,
  inviteeUserId: row.inviteeUserId,
  role: row.role,
  message: row.message,
  maxUses: row.maxUses,
  uses: row.uses,
  status: row.status,
  invitedBy: row.invitedBy,
  expiresAt: row.expiresAt,
  data: row.data,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
