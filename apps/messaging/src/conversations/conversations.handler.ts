import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  conversationCreate,
  conversationList,
  conversationMarkRead,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { ConversationsService } from './conversations.service';

/** NATS: conversations and read cursors. */
@Controller()
export class ConversationsHandler {
  constructor(private readonly conversations: ConversationsService) {}

  @Command(conversationCreate)
  create(
    @Payload() request: ParsedRequestOf<typeof conversationCreate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof conversationCreate>> {
    const { villageId, ...conversation } = request;
    return this.conversations.create(requireActor(context), villageId, conversation);
  }

  @Command(conversationList)
  list(
    @Payload() request: ParsedRequestOf<typeof conversationList>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof conversationList>> {
    return this.conversations.list(requireActor(context), request);
  }

  @Command(conversationMarkRead)
  markRead(
    @Payload() request: ParsedRequestOf<typeof conversationMarkRead>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof conversationMarkRead>> {
    return this.conversations.markRead(requireActor(context), request.conversationId, request.upToMessageId);
  }
}
