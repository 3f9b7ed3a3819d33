import { defineCommand } from '../../common/define';
import { page, pageQuery, uuid } from '../../common/schemas';
import { post } from '../post/post.schema';

/** `?parentId=` lists that thread's replies (oldest first) instead of the topic's threads. */
export const postListQuery = pageQuery.extend({ parentId: uuid.optional() });

export const postList = defineCommand({
  service: 'messaging',
  name: 'post.list',
  version: 1,
  summary:
    "A topic's threads (top-level posts, newest activity first; a walk of pages lists the topic as it stood at its first page), or with parentId a thread's replies (oldest first)",
  request: postListQuery.extend({ topicId: uuid }),
  response: page(post),
});
