import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { TOPIC_FIELDS, topicEventFields } from '../topic/topic.schema';

export const topicUpdated = defineEvent({
  service: 'messaging',
  name: 'topic.updated',
  version: 1,
  summary:
    'A topic changed (edited, pinned, locked, archived, or its app/topics entry changed); `changed` names the fields',
  data: z.object({ ...topicEventFields, changed: z.array(z.enum(TOPIC_FIELDS)).min(1) }),
});
