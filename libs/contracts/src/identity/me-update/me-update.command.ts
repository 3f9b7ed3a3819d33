import { defineCommand } from '../../common/define';
import { ownProfile, profileUpdate } from '../profile/profile.schema';

export const meUpdate = defineCommand({
  service: 'identity',
  name: 'me.update',
  version: 1,
  summary: "Update the caller's profile (only the fields given)",
  request: profileUpdate,
  response: ownProfile,
});
