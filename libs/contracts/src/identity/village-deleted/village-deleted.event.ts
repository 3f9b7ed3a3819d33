import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';

export const villageDeleted = defineEvent({
  service: 'identity',
  name: 'village.deleted',
  version: 1,
  summary: 'A village was deleted; every membership in it ended with it',
  data: z.object({ villageId: uuid }),
});
