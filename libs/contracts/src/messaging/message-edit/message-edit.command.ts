import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { message, messagePatch } from '../message/message.schema';

export const messageEdit = defineCommand({
  service: 'messaging',
  name: 'message.edit',
  version: 1,
  summary: 'Edit my own message (body and/or data); sets editedAt',
  request: z.strictObject({ messageId: uuid, patch: messagePatch }),
  response: message,
});
