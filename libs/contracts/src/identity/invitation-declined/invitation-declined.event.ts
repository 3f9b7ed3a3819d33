import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';
import { invitationEmail } from '../invitation/invitation.schema';

export const invitationDeclined = defineEvent({
  service: 'identity',
  name: 'invitation.declined',
  version: 1,
  summary: 'The invitee declined an invitation',
  data: z.object({ invitationId: uuid, villageId: uuid, email: invitationEmail, userId: uuid }),
});
