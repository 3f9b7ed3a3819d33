import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';

export const userProfileUpdated = defineEvent({
  service: 'identity',
  name: 'user.profile_updated',
  version: 1,
  summary: "A user changed their profile; carries the fields other services show beside the user's content",
  data: z.object({
    userId: uuid,
    changed: z.array(z.string()),
    displayName: z.string(),
    avatarFileId: uuid.nullable(),
  }),
});
