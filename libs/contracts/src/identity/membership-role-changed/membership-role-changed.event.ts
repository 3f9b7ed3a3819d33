import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';
import { roleName } from '../village/village.schema';

export const membershipRoleChanged = defineEvent({
  service: 'identity',
  name: 'membership.role_changed',
  version: 1,
  summary: "A member's role changed",
  data: z.object({ villageId: uuid, userId: uuid, role: roleName, previousRole: roleName }),
});
