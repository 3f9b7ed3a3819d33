import { defineCommand } from '../../common/define';
import { empty } from '../../common/schemas';
import { ownProfile } from '../profile/profile.schema';

export const meGet = defineCommand({
  service: 'identity',
  name: 'me.get',
  version: 1,
  summary: "The caller's own profile",
  request: empty,
  response: ownProfile,
});
