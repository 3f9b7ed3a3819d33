import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { invitation, invitationCreateBody } from '../invitation/invitation.schema';

export const invitationCreate = defineCommand({
  service: 'identity',
  name: 'invitation.create',
  version: 1,
  summary: 'Invite an email address to a village (permission invitations.manage); the invitee gets an email',
  request: invitationCreateBody.extend({ villageId: uuid }),
  response: invitation,
});
