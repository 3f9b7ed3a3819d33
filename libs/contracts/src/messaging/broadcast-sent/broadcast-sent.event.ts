import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';

export const broadcastSent = defineEvent({
  service: 'messaging',
  name: 'broadcast.sent',
  version: 1,
  summary: 'A broadcast was sent to every villager (the body is carried: every villager may read it)',
  data: z.object({ broadcastId: uuid, villageId: uuid, authorId: uuid, body: z.string() }),
});
