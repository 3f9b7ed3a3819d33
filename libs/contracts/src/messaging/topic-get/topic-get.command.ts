import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { topic } from '../topic/topic.schema';

export const topicGet = defineCommand({
  service: 'messaging',
  name: 'topic.get',
  version: 1,
  summary: 'Read a topic (village.read)',
  request: z.strictObject({ topicId: uuid }),
  response: topic,
});
