import { Controller } from '@nestjs/common';
import type { broadcastList, broadcastMarkRead, broadcastSend, ResponseOf } from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { broadcastsRoutes } from './broadcasts.routes';

@Controller()
export class BroadcastsController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(broadcastsRoutes.send)
  send(@Call() call: RouteCall<typeof broadcastSend>): Promise<ResponseOf<typeof broadcastSend>> {
    return this.commands.forward(call);
  }

  @Route(broadcastsRoutes.list)
  list(@Call() call: RouteCall<typeof broadcastList>): Promise<ResponseOf<typeof broadcastList>> {
    return this.commands.forward(call);
  }

  @Route(broadcastsRoutes.markRead)
  markRead(@Call() call: RouteCall<typeof broadcastMarkRead>): Promise<ResponseOf<typeof broadcastMarkRead>> {
    return this.commands.forward(call);
  }
}
