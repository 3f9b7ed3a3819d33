import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { isoTimestamp, uuid } from '../../common/schemas';
import { invitationToken } from '../invitation/invitation.schema';
import { roleName } from '../village/village.schema';

/**
 * INTERNAL (no gateway route; restrict `<prefix>.cmd.identity.invitation_mail.get.v1` to the
 * notifications service with NATS permissions): everything the invitation email needs, the token
 * of the requested version included. `gone` when that token is no longer the live one (resent,
 * revoked, accepted, declined, expired), so a stale email is never sent.
 */
export const invitationMailGet = defineCommand({
  service: 'identity',
  name: 'invitation_mail.get',
  version: 1,
  summary: 'Internal: render data of an invitation email, with its token (notifications only)',
  request: z.strictObject({ invitationId: uuid, tokenVersion: z.number().int().positive() }),
  response: z.object({
    invitationId: uuid,
    villageId: uuid,
    villageName: z.string(),
    email: z.string(),
    role: roleName,
    message: z.string().nullable(),
    inviterName: z.string().nullable(),
    expiresAt: isoTimestamp,
    token: invitationToken,
    /** Metadata `app/email-templates` as stored (null when absent); the renderer validates it. */
    templates: z.unknown(),
  }),
});
