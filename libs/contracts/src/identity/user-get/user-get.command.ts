import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { visibleProfile } from '../profile/profile.schema';

export const userGet = defineCommand({
  service: 'identity',
  name: 'user.get',
  version: 1,
  summary: "A user's profile as the caller may see it (fields filtered by the user's sharing)",
  request: z.strictObject({ userId: uuid }),
  response: visibleProfile,
});
