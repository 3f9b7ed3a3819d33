import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { conversation, conversationFields } from '../conversation/conversation.schema';

export const conversationCreate = defineCommand({
  service: 'messaging',
  name: 'conversation.create',
  version: 1,
  summary:
    'Start a conversation with villagers (conversations.create); for two people, their existing direct conversation is returned',
  request: conversationFields.extend({ villageId: uuid }),
  response: conversation,
});
