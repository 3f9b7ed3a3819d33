import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { message, messageFields } from '../message/message.schema';

export const messageSend = defineCommand({
  service: 'messaging',
  name: 'message.send',
  version: 1,
  summary: 'Send a message to a conversation I take part in',
  request: messageFields.extend({ conversationId: uuid }),
  response: message,
});
