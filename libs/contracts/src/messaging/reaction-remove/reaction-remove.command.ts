import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { post } from '../post/post.schema';
import { reactionEmoji } from '../reaction/reaction.schema';

export const reactionRemove = defineCommand({
  service: 'messaging',
  name: 'reaction.remove',
  version: 1,
  summary: "Take back one's reaction to a post (idempotent)",
  request: z.strictObject({ postId: uuid, emoji: reactionEmoji }),
  response: post,
});
