import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { invitation } from '../invitation/invitation.schema';

export const invitationDeclineMine = defineCommand({
  service: 'identity',
  name: 'invitation.decline_mine',
  version: 1,
  summary:
    'Decline, by its id, an invitation addressed to me (my account or my email). 404 when there is none ' +
    'addressed to me, 410 expired/revoked/declined, 409 used',
  request: z.strictObject({ invitationId: uuid }),
  response: invitation,
});
