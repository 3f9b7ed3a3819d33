import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { village, villageUpdate } from '../village/village.schema';

export const villageUpdateCommand = defineCommand({
  service: 'identity',
  name: 'village.update',
  version: 1,
  summary: 'Update a village (permission village.update: admins and owners)',
  request: z.strictObject({ villageId: uuid, patch: villageUpdate }),
  response: village,
});
