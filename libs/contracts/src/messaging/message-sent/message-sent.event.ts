import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { uuid } from '../../common/schemas';
import { messageEventFields } from '../message/message.schema';

export const messageSent = defineEvent({
  service: 'messaging',
  name: 'message.sent',
  version: 1,
  summary: 'A direct message was sent (the body is not carried: read it with message.list)',
  data: z.object({ ...messageEventFields, attachments: z.array(uuid) }),
});
