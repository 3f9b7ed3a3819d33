import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { email } from '../../common/schemas';
import { password, sessionTokens } from '../profile/profile.schema';

export const authLogin = defineCommand({
  service: 'identity',
  name: 'auth.login',
  version: 1,
  summary: 'Start a session with email and password',
  request: z.strictObject({ email, password }),
  response: sessionTokens,
});
