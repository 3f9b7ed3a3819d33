import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { village } from '../village/village.schema';

export const villageGet = defineCommand({
  service: 'identity',
  name: 'village.get',
  version: 1,
  summary: 'A village: members see it; a public one is seen by anyone signed in (else not_found)',
  request: z.strictObject({ villageId: uuid }),
  response: village,
});
