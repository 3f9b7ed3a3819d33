import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';

export const topicDeleted = defineEvent({
  service: 'messaging',
  name: 'topic.deleted',
  version: 1,
  summary: 'A topic was deleted with its posts',
  data: z.object({ topicId: uuid, villageId: uuid, fixedKey: z.string().nullable(), title: z.string() }),
});
