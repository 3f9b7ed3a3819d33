import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';
import { invitationEmail } from '../invitation/invitation.schema';

export const invitationRevoked = defineEvent({
  service: 'identity',
  name: 'invitation.revoked',
  version: 1,
  summary: 'An admin revoked an invitation',
  data: z.object({ invitationId: uuid, villageId: uuid, email: invitationEmail, revokedBy: uuid.nullable() }),
});
