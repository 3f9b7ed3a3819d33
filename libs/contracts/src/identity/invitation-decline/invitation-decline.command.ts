import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { invitation, invitationToken } from '../invitation/invitation.schema';

export const invitationDecline = defineCommand({
  service: 'identity',
  name: 'invitation.decline',
  version: 1,
  summary: 'Decline an invitation addressed to my email; its link is dead afterwards',
  request: z.strictObject({ token: invitationToken }),
  response: invitation,
});
