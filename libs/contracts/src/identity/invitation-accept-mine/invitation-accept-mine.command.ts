import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { membership } from '../village/village.schema';

export const invitationAcceptMine = defineCommand({
  service: 'identity',
  name: 'invitation.accept_mine',
  version: 1,
  summary:
    'Accept, by its id, an invitation addressed to me (my account or my email): the membership. 404 when ' +
    'there is none addressed to me, 410 expired/revoked/declined or its sender may no longer invite, 409 used',
  request: z.strictObject({ invitationId: uuid }),
  response: membership,
});
