import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { invitationToken } from '../invitation/invitation.schema';
import { membership } from '../village/village.schema';

export const invitationAccept = defineCommand({
  service: 'identity',
  name: 'invitation.accept',
  version: 1,
  summary:
    'Accept an invitation addressed to my email: the membership (an existing member keeps theirs). ' +
    '410 expired/revoked/superseded, 409 used up, 403 addressed to another email',
  request: z.strictObject({ token: invitationToken }),
  response: membership,
});
