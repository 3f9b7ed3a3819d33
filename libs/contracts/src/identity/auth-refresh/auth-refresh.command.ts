import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { refreshToken, sessionTokens } from '../profile/profile.schema';

export const authRefresh = defineCommand({
  service: 'identity',
  name: 'auth.refresh',
  version: 1,
  summary: 'Rotate a refresh token into a new token pair; reuse of a rotated token revokes the session',
  request: z.strictObject({ refreshToken }),
  response: sessionTokens,
});
