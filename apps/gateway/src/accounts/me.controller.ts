import { Controller } from '@nestjs/common';
import type { meDelete, meGet, meUpdate, ResponseOf } from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { accountsRoutes } from './accounts.routes';

@Controller()
export class MeController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(accountsRoutes.meGet)
  get(@Call() call: RouteCall<typeof meGet>): Promise<ResponseOf<typeof meGet>> {
    return this.commands.forward(call);
  }

  @Route(accountsRoutes.meUpdate)
  update(@Call() call: RouteCall<typeof meUpdate>): Promise<ResponseOf<typeof meUpdate>> {
    return this.commands.forward(call);
  }

  @Route(accountsRoutes.meDelete)
  async delete(@Call() call: RouteCall<typeof meDelete>): Promise<void> {
    await this.commands.forward(call);
  }
}
