import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { empty, uuid } from '../../common/schemas';

export const memberRemove = defineCommand({
  service: 'identity',
  name: 'member.remove',
  version: 1,
  summary: 'Remove a member (members.manage) or leave (yourself); the last owner cannot leave',
  request: z.strictObject({ villageId: uuid, userId: uuid }),
  response: empty,
});
