import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { topicEventFields } from '../topic/topic.schema';

export const topicCreated = defineEvent({
  service: 'messaging',
  name: 'topic.created',
  version: 1,
  summary: 'A topic was created: by a villager, or a fixed topic of app/topics (createdBy null)',
  data: z.object(topicEventFields),
});
