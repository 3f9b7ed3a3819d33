import { Injectable } from '@nestjs/common';
import {
  broadcastList,
  broadcastMarkRead,
  broadcastSend,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { BroadcastsService } from './broadcasts.service';

/** NATS: a village's broadcasts and each member's broadcast read cursor. */
@Injectable()
export class BroadcastsHandler {
  constructor(private readonly broadcasts: BroadcastsService) {}

  @CommandHandler(broadcastSend)
  send(
    request: ParsedRequestOf<typeof broadcastSend>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof broadcastSend>> {
    const { villageId, ...broadcast } = request;
    return this.broadcasts.send(requireActor(context), villageId, broadcast);
  }

  @CommandHandler(broadcastList)
  list(
    request: ParsedRequestOf<typeof broadcastList>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof broadcastList>> {
    return this.broadcasts.list(requireActor(context), request);
  }

  @CommandHandler(broadcastMarkRead)
  markRead(
    request: ParsedRequestOf<typeof broadcastMarkRead>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof broadcastMarkRead>> {
    return this.broadcasts.markRead(requireActor(context), request.villageId, request.upToBroadcastId);
  }
}
