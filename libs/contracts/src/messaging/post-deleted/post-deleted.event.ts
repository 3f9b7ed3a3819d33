import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { postEventFields } from '../post/post.schema';

export const postDeleted = defineEvent({
  service: 'messaging',
  name: 'post.deleted',
  version: 1,
  summary: 'A post was deleted; `tombstone` when a top-level post stays (emptied) because it has replies',
  data: z.object({ ...postEventFields, tombstone: z.boolean() }),
});
