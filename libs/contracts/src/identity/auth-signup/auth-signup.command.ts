import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { email } from '../../common/schemas';
import { invitationToken } from '../invitation/invitation.schema';
import { displayName, password, sessionTokens } from '../profile/profile.schema';

export const authSignup = defineCommand({
  service: 'identity',
  name: 'auth.signup',
  version: 1,
  summary: 'Create an account and its first session; with invitationToken, also join the village at once',
  request: z.strictObject({ email, password, displayName, invitationToken: invitationToken.optional() }),
  response: sessionTokens,
});
