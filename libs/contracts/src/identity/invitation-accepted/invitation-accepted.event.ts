import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';
import { invitationEmail } from '../invitation/invitation.schema';
import { roleName } from '../village/village.schema';

export const invitationAccepted = defineEvent({
  service: 'identity',
  name: 'invitation.accepted',
  version: 1,
  summary:
    'An invitation was used (accept or signup with it); membership.added follows unless already a member',
  data: z.object({
    invitationId: uuid,
    villageId: uuid,
    email: invitationEmail,
    userId: uuid,
    role: roleName,
    uses: z.number().int().positive(),
    maxUses: z.number().int().positive(),
    alreadyMember: z.boolean(),
  }),
});
