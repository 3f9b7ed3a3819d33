import { defineCommand } from '../../common/define';
import { page, pageQuery, uuid } from '../../common/schemas';
import { conversation } from '../conversation/conversation.schema';

export const conversationList = defineCommand({
  service: 'messaging',
  name: 'conversation.list',
  version: 1,
  summary: 'My conversations in a village, newest activity first, with unread counts',
  request: pageQuery.extend({ villageId: uuid }),
  response: page(conversation),
});
