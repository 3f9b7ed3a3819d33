import { defineEvent } from '../../common/define';
import { invitationEventData } from '../invitation/invitation.schema';

export const invitationResent = defineEvent({
  service: 'identity',
  name: 'invitation.resent',
  version: 1,
  summary: 'An invitation was sent again with a new token (the old link is dead)',
  data: invitationEventData,
});
