import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { email } from '../../common/schemas';
import { displayName, password, sessionTokens } from '../profile/profile.schema';

export const authSignup = defineCommand({
  service: 'identity',
  name: 'auth.signup',
  version: 1,
  summary: 'Create an account and its first session',
  request: z.strictObject({ email, password, displayName }),
  response: sessionTokens,
});
