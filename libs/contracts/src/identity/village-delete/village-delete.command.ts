import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { empty, uuid } from '../../common/schemas';

export const villageDelete = defineCommand({
  service: 'identity',
  name: 'village.delete',
  version: 1,
  summary: 'Delete a village and end every membership (permission village.delete: owners)',
  request: z.strictObject({ villageId: uuid }),
  response: empty,
});
