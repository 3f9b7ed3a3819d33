import { defineCommand } from '../../common/define';
import { page, pageQuery, uuid } from '../../common/schemas';
import { message } from '../message/message.schema';

export const messageList = defineCommand({
  service: 'messaging',
  name: 'message.list',
  version: 1,
  summary: "A conversation's messages, newest first (deleted ones as tombstones)",
  request: pageQuery.extend({ conversationId: uuid }),
  response: page(message),
});
