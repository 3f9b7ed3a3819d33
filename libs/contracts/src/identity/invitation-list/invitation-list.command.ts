import { defineCommand } from '../../common/define';
import { page, pageQuery, uuid } from '../../common/schemas';
import { invitation, invitationStatus } from '../invitation/invitation.schema';

export const invitationList = defineCommand({
  service: 'identity',
  name: 'invitation.list',
  version: 1,
  summary: "A village's invitations, newest first, optionally of one status (permission invitations.manage)",
  request: pageQuery.extend({ villageId: uuid, status: invitationStatus.optional() }),
  response: page(invitation),
});
