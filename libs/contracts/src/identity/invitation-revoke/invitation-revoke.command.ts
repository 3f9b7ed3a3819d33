import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { invitation } from '../invitation/invitation.schema';

export const invitationRevoke = defineCommand({
  service: 'identity',
  name: 'invitation.revoke',
  version: 1,
  summary: 'Revoke an invitation: its link answers 410 from now on (permission invitations.manage)',
  request: z.strictObject({ villageId: uuid, invitationId: uuid }),
  response: invitation,
});
