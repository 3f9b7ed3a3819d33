import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { invitation } from '../invitation/invitation.schema';

export const invitationResend = defineCommand({
  service: 'identity',
  name: 'invitation.resend',
  version: 1,
  summary: 'Send an invitation again with a new token and expiry; the old link answers 410',
  request: z.strictObject({ villageId: uuid, invitationId: uuid }),
  response: invitation,
});
