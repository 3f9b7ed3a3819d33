import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { empty, uuid } from '../../common/schemas';

export const messageDelete = defineCommand({
  service: 'messaging',
  name: 'message.delete',
  version: 1,
  summary: 'Delete my own message; it stays in the conversation as a tombstone',
  request: z.strictObject({ messageId: uuid }),
  response: empty,
});
