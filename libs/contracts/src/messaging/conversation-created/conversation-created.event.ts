import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';

export const conversationCreated = defineEvent({
  service: 'messaging',
  name: 'conversation.created',
  version: 1,
  summary: 'A conversation was started between villagers',
  data: z.object({
    conversationId: uuid,
    villageId: uuid,
    /** Every member, the creator included. */
    memberIds: z.array(uuid),
    createdBy: uuid,
    title: z.string().nullable(),
  }),
});
