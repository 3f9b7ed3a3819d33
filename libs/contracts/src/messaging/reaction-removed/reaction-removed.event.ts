import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { reactionEventFields } from '../reaction/reaction.schema';

export const reactionRemoved = defineEvent({
  service: 'messaging',
  name: 'reaction.removed',
  version: 1,
  summary: 'A member took back a reaction',
  data: z.object(reactionEventFields),
});
