import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';

export const userDeleted = defineEvent({
  service: 'identity',
  name: 'user.deleted',
  version: 1,
  summary: 'An account was deleted; its content stays, shown as "deleted user"',
  data: z.object({ userId: uuid }),
});
