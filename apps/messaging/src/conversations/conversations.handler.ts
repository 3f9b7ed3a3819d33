import { Injectable } from '@nestjs/common';
import {
  conversationCreate,
  conversationList,
  conversationMarkRead,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { ConversationsService } from './conversations.service';

/** NATS: conversations and read cursors. */
@Injectable()
export class ConversationsHandler {
  constructor(private readonly conversations: ConversationsService) {}

  @CommandHandler(conversationCreate)
  create(
    request: ParsedRequestOf<typeof conversationCreate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof conversationCreate>> {
    const { villageId, ...conversation } = request;
    return this.conversations.create(requireActor(context), villageId, conversation);
  }

  @CommandHandler(conversationList)
  list(
    request: ParsedRequestOf<typeof conversationList>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof conversationList>> {
    return this.conversations.list(requireActor(context), request);
  }

  @CommandHandler(conversationMarkRead)
  markRead(
    request: ParsedRequestOf<typeof conversationMarkRead>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof conversationMarkRead>> {
    return this.conversations.markRead(requireActor(context), request.conversationId, request.upToMessageId);
  }
}
