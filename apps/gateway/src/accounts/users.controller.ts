import { Controller } from '@nestjs/common';
import type { ResponseOf, userGet } from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { accountsRoutes } from './accounts.routes';

@Controller()
export class UsersController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(accountsRoutes.userGet)
  get(@Call() call: RouteCall<typeof userGet>): Promise<ResponseOf<typeof userGet>> {
    return this.commands.forward(call);
  }
}
