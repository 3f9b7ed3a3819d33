import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { empty } from '../../common/schemas';
import { refreshToken } from '../profile/profile.schema';

export const authLogout = defineCommand({
  service: 'identity',
  name: 'auth.logout',
  version: 1,
  summary: "End the refresh token's session",
  request: z.strictObject({ refreshToken }),
  response: empty,
});
