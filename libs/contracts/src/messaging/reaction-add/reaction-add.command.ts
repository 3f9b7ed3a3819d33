import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { post } from '../post/post.schema';
import { reactionEmoji } from '../reaction/reaction.schema';

export const reactionAdd = defineCommand({
  service: 'messaging',
  name: 'reaction.add',
  version: 1,
  summary: 'React to a post with an emoji (topics.post); idempotent: one reaction per user per emoji',
  request: z.strictObject({ postId: uuid, emoji: reactionEmoji }),
  response: post,
});
