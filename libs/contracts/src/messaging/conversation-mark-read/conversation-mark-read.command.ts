import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { unreadCount } from '../conversation/conversation.schema';

/** The body of `POST /v1/conversations/{id}/read`. */
export const conversationReadFields = z.strictObject({ upToMessageId: uuid });

export const conversationMarkRead = defineCommand({
  service: 'messaging',
  name: 'conversation.mark_read',
  version: 1,
  summary:
    'Move my read cursor of a conversation forward to a message (never back); shared by all my devices',
  request: conversationReadFields.extend({ conversationId: uuid }),
  response: z.object({ conversationId: uuid, readUpToMessageId: uuid.nullable(), unreadCount }),
});
