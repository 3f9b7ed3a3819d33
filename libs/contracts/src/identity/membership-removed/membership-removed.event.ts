import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';
import { membershipEndReason, roleName } from '../village/village.schema';

export const membershipRemoved = defineEvent({
  service: 'identity',
  name: 'membership.removed',
  version: 1,
  summary: 'A membership ended: the member left or was removed, the village or the account was deleted',
  data: z.object({ villageId: uuid, userId: uuid, role: roleName, reason: membershipEndReason }),
});
