import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';

export const userRegistered = defineEvent({
  service: 'identity',
  name: 'user.registered',
  version: 1,
  summary: 'A new account was created',
  data: z.object({ userId: uuid, email: z.string(), displayName: z.string() }),
});
