import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';
import { postEventFields } from '../post/post.schema';

export const postCreated = defineEvent({
  service: 'messaging',
  name: 'post.created',
  version: 1,
  summary: 'A post was published; a reply names the author of the post it replies to (parentAuthorId)',
  data: z.object({
    ...postEventFields,
    /** The author of the replied-to post, to notify; null for a top-level post. */
    parentAuthorId: uuid.nullable(),
    body: z.string(),
    data: z.record(z.string(), z.unknown()),
  }),
});
