import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { membership, roleName } from '../village/village.schema';

export const memberAdd = defineCommand({
  service: 'identity',
  name: 'member.add',
  version: 1,
  summary: 'Add an existing user to a village (permission members.manage; only an owner grants owner)',
  request: z.strictObject({ villageId: uuid, userId: uuid, role: roleName.default('member') }),
  response: membership,
});
