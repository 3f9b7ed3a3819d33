import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { membership, roleName } from '../village/village.schema';

export const memberUpdate = defineCommand({
  service: 'identity',
  name: 'member.update',
  version: 1,
  summary:
    "Change a member's role (members.manage; only an owner grants or takes owner; the last owner stays)",
  request: z.strictObject({ villageId: uuid, userId: uuid, role: roleName }),
  response: membership,
});
