import { Controller } from '@nestjs/common';
import type {
  conversationCreate,
  conversationList,
  conversationMarkRead,
  messageDelete,
  messageEdit,
  messageList,
  messageSend,
  ResponseOf,
} from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { conversationsRoutes } from './conversations.routes';

@Controller()
export class ConversationsController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(conversationsRoutes.create)
  create(@Call() call: RouteCall<typeof conversationCreate>): Promise<ResponseOf<typeof conversationCreate>> {
    return this.commands.forward(call);
  }

  @Route(conversationsRoutes.list)
  list(@Call() call: RouteCall<typeof conversationList>): Promise<ResponseOf<typeof conversationList>> {
    return this.commands.forward(call);
  }

  @Route(conversationsRoutes.listMessages)
  listMessages(@Call() call: RouteCall<typeof messageList>): Promise<ResponseOf<typeof messageList>> {
    return this.commands.forward(call);
  }

  @Route(conversationsRoutes.send)
  send(@Call() call: RouteCall<typeof messageSend>): Promise<ResponseOf<typeof messageSend>> {
    return this.commands.forward(call);
  }

  @Route(conversationsRoutes.markRead)
  markRead(
    @Call() call: RouteCall<typeof conversationMarkRead>,
  ): Promise<ResponseOf<typeof conversationMarkRead>> {
    return this.commands.forward(call);
  }

  @Route(conversationsRoutes.edit)
  edit(@Call() call: RouteCall<typeof messageEdit>): Promise<ResponseOf<typeof messageEdit>> {
    return this.commands.forward(call);
  }

  @Route(conversationsRoutes.delete)
  async delete(@Call() call: RouteCall<typeof messageDelete>): Promise<void> {
    await this.commands.forward(call);
  }
}
