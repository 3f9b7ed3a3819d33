import { Injectable } from '@nestjs/common';
import { notificationList, notificationMarkRead, type ParsedRequestOf, type ResponseOf } from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { InboxService } from './inbox.service';

/** NATS: the caller's in-app notifications. */
@Injectable()
export class InboxHandler {
  constructor(private readonly inbox: InboxService) {}

  @CommandHandler(notificationList)
  list(
    request: ParsedRequestOf<typeof notificationList>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof notificationList>> {
    return this.inbox.list(requireActor(context), request);
  }

  @CommandHandler(notificationMarkRead)
  markRead(
    request: ParsedRequestOf<typeof notificationMarkRead>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof notificationMarkRead>> {
    return this.inbox.markRead(requireActor(context), request);
  }
}
