import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  messageDelete,
  messageEdit,
  messageList,
  messageSend,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { MessagesService } from './messages.service';

/** NATS: the messages of conversations. */
@Controller()
export class MessagesHandler {
  constructor(private readonly messages: MessagesService) {}

  @Command(messageSend)
  send(
    @Payload() request: ParsedRequestOf<typeof messageSend>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof messageSend>> {
    const { conversationId, ...message } = request;
    return this.messages.send(requireActor(context), conversationId, message);
  }

  @Command(messageList)
  list(
    @Payload() request: ParsedRequestOf<typeof messageList>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof messageList>> {
    return this.messages.list(requireActor(context), request);
  }

  @Command(messageEdit)
  edit(
    @Payload() request: ParsedRequestOf<typeof messageEdit>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof messageEdit>> {
    return this.messages.edit(requireActor(context), request.messageId, request.patch);
  }

  @Command(messageDelete)
  async delete(
    @Payload() request: ParsedRequestOf<typeof messageDelete>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof messageDelete>> {
    await this.messages.delete(requireActor(context), request.messageId);
    return {};
  }
}
