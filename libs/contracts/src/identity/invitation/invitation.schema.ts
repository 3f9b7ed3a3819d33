import { z } from 'zod';
import { email, isoTimestamp, uuid } from '../../common/schemas';
import { roleName } from '../village/village.schema';

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'revoked', 'expired'] as const;
export const invitationStatus = z.enum(INVITATION_STATUSES);
export type InvitationStatus = z.output<typeof invitationStatus>;

/** Longest lifetime an inviter may give an invitation (30 days). */
export const INVITATION_MAX_TTL_HOURS = 720;
/** Most uses an invitation may allow. */
export const INVITATION_MAX_USES = 1000;

/** The token of an invitation link: 32 bytes, base64url (43 characters). Never logged. */
export const invitationToken = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'an invitation token');

/**
 * Who an invitation is addressed to: an email address (`POST …/invitations`), or an account
 * (`POST …/members` with a user id, where the app asks for consent): its address is then never
 * disclosed, so `email` is null in the invitation and in its events.
 */
export const invitationEmail = z.string().nullable();

/** An invitation as admins and the invitee see it (never with its token). */
export const invitation = z.object({
  id: uuid,
  villageId: uuid,
  villageName: z.string(),
  /** The address it was sent to; null when it is addressed to an account (`inviteeUserId`). */
  email: invitationEmail,
  /** The account it is addressed to, when it was made by adding a user by id; null for an address. */
  inviteeUserId: uuid.nullable(),
  role: roleName,
  message: z.string().nullable(),
  maxUses: z.number().int().positive(),
  uses: z.number().int().nonnegative(),
  /** Effective status: a pending invitation past `expiresAt` reads `expired`. */
  status: invitationStatus,
  invitedBy: uuid.nullable(),
  expiresAt: isoTimestamp,
  data: z.record(z.string(), z.unknown()),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type Invitation = z.output<typeof invitation>;

export const invitationCreateBody = z.strictObject({
  email,
  /** Preset role given on accept; `member` when absent. Only an owner invites an owner. */
  role: roleName.optional(),
  message: z.string().trim().min(1).max(2000).optional(),
  maxUses: z.number().int().min(1).max(INVITATION_MAX_USES).optional(),
  expiresInHours: z.number().int().min(1).max(INVITATION_MAX_TTL_HOURS).optional(),
});

/** What every invitation event carries (no token: tokens never leave identity in an event). */
export const invitationEventData = z.object({
  invitationId: uuid,
  villageId: uuid,
  email: invitationEmail,
  role: roleName,
  invitedBy: uuid.nullable(),
  maxUses: z.number().int().positive(),
  expiresAt: isoTimestamp,
  /** The version of the token the invitee's email must carry (each resend increments it). */
  tokenVersion: z.number().int().positive(),
  /**
   * The account the invitation is addressed to, or that its address belongs to when the event was
   * emitted (null: nobody has signed up with it). Carried by invitation.created and
   * invitation.resent; absent from events emitted before it was added.
   */
  inviteeUserId: uuid.nullable().optional(),
});
