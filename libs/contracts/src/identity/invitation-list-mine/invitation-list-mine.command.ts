import { defineCommand } from '../../common/define';
import { page, pageQuery } from '../../common/schemas';
import { invitation } from '../invitation/invitation.schema';

export const invitationListMine = defineCommand({
  service: 'identity',
  name: 'invitation.list_mine',
  version: 1,
  summary: 'Pending invitations addressed to me (my account or my email), newest first',
  request: pageQuery,
  response: page(invitation),
});
