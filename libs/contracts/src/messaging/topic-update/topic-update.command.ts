import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { topic, topicPatch } from '../topic/topic.schema';

export const topicUpdate = defineCommand({
  service: 'messaging',
  name: 'topic.update',
  version: 1,
  summary:
    'Change a topic: title/description/data (its creator or topics.moderate), pinned/locked/archived (topics.moderate)',
  request: z.strictObject({ topicId: uuid, patch: topicPatch }),
  response: topic,
});
