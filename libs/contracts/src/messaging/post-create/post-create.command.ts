import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { post, postFields } from '../post/post.schema';

export const postCreate = defineCommand({
  service: 'messaging',
  name: 'post.create',
  version: 1,
  summary:
    'Post in a topic, or reply to a thread with parentId (topics.post); conflict when the topic is archived, or locked (unless topics.moderate)',
  request: postFields.extend({ topicId: uuid }),
  response: post,
});
