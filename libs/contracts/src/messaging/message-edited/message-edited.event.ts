import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { messageEventFields } from '../message/message.schema';

export const messageEdited = defineEvent({
  service: 'messaging',
  name: 'message.edited',
  version: 1,
  summary: 'A direct message was edited by its author',
  data: z.object({ ...messageEventFields, changed: z.array(z.enum(['body', 'data'])) }),
});
