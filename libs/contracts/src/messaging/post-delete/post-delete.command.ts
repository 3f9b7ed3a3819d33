import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { empty, uuid } from '../../common/schemas';

export const postDelete = defineCommand({
  service: 'messaging',
  name: 'post.delete',
  version: 1,
  summary:
    'Delete a post (its author or topics.moderate): a top-level post with replies stays as a tombstone, any other goes',
  request: z.strictObject({ postId: uuid }),
  response: empty,
});
