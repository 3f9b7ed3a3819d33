import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { notificationList, notificationMarkRead, type ParsedRequestOf, type ResponseOf } from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { InboxService } from './inbox.service';

/** NATS: the caller's in-app notifications. */
@Controller()
export class InboxHandler {
  constructor(private readonly inbox: InboxService) {}

  @Command(notificationList)
  list(
    @Payload() request: ParsedRequestOf<typeof notificationList>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof notificationList>> {
    return this.inbox.list(requireActor(context), request);
  }

  @Command(notificationMarkRead)
  markRead(
    @Payload() request: ParsedRequestOf<typeof notificationMarkRead>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof notificationMarkRead>> {
    return this.inbox.markRead(requireActor(context), request);
  }
}
