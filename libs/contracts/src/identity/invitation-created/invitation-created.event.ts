import { defineEvent } from '../../common/define';
import { invitationEventData } from '../invitation/invitation.schema';

export const invitationCreated = defineEvent({
  service: 'identity',
  name: 'invitation.created',
  version: 1,
  summary: 'An invitation was created; notifications emails the invitee (the event carries no token)',
  data: invitationEventData,
});
