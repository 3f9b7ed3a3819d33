import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';
import { invitationEmail } from '../invitation/invitation.schema';

export const invitationExpired = defineEvent({
  service: 'identity',
  name: 'invitation.expired',
  version: 1,
  summary: "A pending invitation passed its expiry (emitted by identity's sweep, or when its link is used)",
  data: z.object({ invitationId: uuid, villageId: uuid, email: invitationEmail }),
});
