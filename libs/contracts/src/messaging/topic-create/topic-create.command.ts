import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { topic, topicFields } from '../topic/topic.schema';

export const topicCreate = defineCommand({
  service: 'messaging',
  name: 'topic.create',
  version: 1,
  summary: 'Create a topic in a village (topics.create)',
  request: topicFields.extend({ villageId: uuid }),
  response: topic,
});
