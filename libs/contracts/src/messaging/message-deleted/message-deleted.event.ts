import { z } from 'zod';
import { defineEvent } from '../../common/define';
import { messageEventFields } from '../message/message.schema';

export const messageDeleted = defineEvent({
  service: 'messaging',
  name: 'message.deleted',
  version: 1,
  summary: 'A direct message was deleted by its author (a tombstone stays)',
  data: z.object(messageEventFields),
});
