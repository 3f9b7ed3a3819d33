import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { empty, uuid } from '../../common/schemas';

export const topicDelete = defineCommand({
  service: 'messaging',
  name: 'topic.delete',
  version: 1,
  summary: 'Delete a topic and its posts (topics.moderate); fixed topics cannot be deleted (forbidden)',
  request: z.strictObject({ topicId: uuid }),
  response: empty,
});
