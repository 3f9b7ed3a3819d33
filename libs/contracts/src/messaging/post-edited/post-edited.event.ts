import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { POST_FIELDS, postEventFields } from '../post/post.schema';

export const postEdited = defineEvent({
  service: 'messaging',
  name: 'post.edited',
  version: 1,
  summary: 'A post was edited; `changed` names the fields',
  data: z.object({
    ...postEventFields,
    changed: z.array(z.enum(POST_FIELDS)).min(1),
    body: z.string(),
    data: z.record(z.string(), z.unknown()),
  }),
});
