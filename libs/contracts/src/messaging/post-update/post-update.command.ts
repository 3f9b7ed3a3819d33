import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { post, postPatch } from '../post/post.schema';

export const postUpdate = defineCommand({
  service: 'messaging',
  name: 'post.update',
  version: 1,
  summary: 'Edit a post (its author or topics.moderate); conflict on a deleted post',
  request: z.strictObject({ postId: uuid, patch: postPatch }),
  response: post,
});
