import { Injectable } from '@nestjs/common';
import {
  messageDelete,
  messageEdit,
  messageList,
  messageSend,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { MessagesService } from './messages.service';

/** NATS: the messages of conversations. */
@Injectable()
export class MessagesHandler {
  constructor(private readonly messages: MessagesService) {}

  @CommandHandler(messageSend)
  send(
    request: ParsedRequestOf<typeof messageSend>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof messageSend>> {
    const { conversationId, ...message } = request;
    return this.messages.send(requireActor(context), conversationId, message);
  }

  @CommandHandler(messageList)
  list(
    request: ParsedRequestOf<typeof messageList>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof messageList>> {
    return this.messages.list(requireActor(context), request);
  }

  @CommandHandler(messageEdit)
  edit(
    request: ParsedRequestOf<typeof messageEdit>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof messageEdit>> {
    return this.messages.edit(requireActor(context), request.messageId, request.patch);
  }

  @CommandHandler(messageDelete)
  async delete(
    request: ParsedRequestOf<typeof messageDelete>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof messageDelete>> {
    await this.messages.delete(requireActor(context), request.messageId);
    return {};
  }
}
