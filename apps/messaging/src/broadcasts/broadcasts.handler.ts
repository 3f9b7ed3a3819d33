import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  broadcastList,
  broadcastMarkRead,
  broadcastSend,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { BroadcastsService } from './broadcasts.service';

/** NATS: a village's broadcasts and each member's broadcast read cursor. */
@Controller()
export class BroadcastsHandler {
  constructor(private readonly broadcasts: BroadcastsService) {}

  @Command(broadcastSend)
  send(
    @Payload() request: ParsedRequestOf<typeof broadcastSend>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof broadcastSend>> {
    const { villageId, ...broadcast } = request;
    return this.broadcasts.send(requireActor(context), villageId, broadcast);
  }

  @Command(broadcastList)
  list(
    @Payload() request: ParsedRequestOf<typeof broadcastList>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof broadcastList>> {
    return this.broadcasts.list(requireActor(context), request);
  }

  @Command(broadcastMarkRead)
  markRead(
    @Payload() request: ParsedRequestOf<typeof broadcastMarkRead>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof broadcastMarkRead>> {
    return this.broadcasts.markRead(requireActor(context), request.villageId, request.upToBroadcastId);
  }
}
