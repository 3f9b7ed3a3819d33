import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { membership } from '../village/village.schema';

export const villageJoin = defineCommand({
  service: 'identity',
  name: 'village.join',
  version: 1,
  summary: 'Join a public village as member (idempotent for a member)',
  request: z.strictObject({ villageId: uuid }),
  response: membership,
});
