import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { reactionEventFields } from '../reaction/reaction.schema';

export const reactionAdded = defineEvent({
  service: 'messaging',
  name: 'reaction.added',
  version: 1,
  summary: 'A member reacted to a post',
  data: z.object(reactionEventFields),
});
