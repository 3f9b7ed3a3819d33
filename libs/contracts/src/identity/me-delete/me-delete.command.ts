import { defineCommand } from '../../common/define';
import { empty } from '../../common/schemas';

export const meDelete = defineCommand({
  service: 'identity',
  name: 'me.delete',
  version: 1,
  summary: 'Delete the account: profile erased, sessions revoked, content kept as "deleted user"',
  request: empty,
  response: empty,
});
