import { Controller } from '@nestjs/common';
import type {
  ResponseOf,
  villageCreateCommand,
  villageDelete,
  villageGet,
  villageJoin,
  villageList,
  villageUpdateCommand,
} from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { villagesRoutes } from './villages.routes';

@Controller()
export class VillagesController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(villagesRoutes.create)
  create(
    @Call() call: RouteCall<typeof villageCreateCommand>,
  ): Promise<ResponseOf<typeof villageCreateCommand>> {
    return this.commands.forward(call);
  }

  @Route(villagesRoutes.list)
  list(@Call() call: RouteCall<typeof villageList>): Promise<ResponseOf<typeof villageList>> {
    return this.commands.forward(call);
  }

  @Route(villagesRoutes.get)
  get(@Call() call: RouteCall<typeof villageGet>): Promise<ResponseOf<typeof villageGet>> {
    return this.commands.forward(call);
  }

  @Route(villagesRoutes.update)
  update(
    @Call() call: RouteCall<typeof villageUpdateCommand>,
  ): Promise<ResponseOf<typeof villageUpdateCommand>> {
    return this.commands.forward(call);
  }

  @Route(villagesRoutes.delete)
  async delete(@Call() call: RouteCall<typeof villageDelete>): Promise<void> {
    await this.commands.forward(call);
  }

  @Route(villagesRoutes.join)
  join(@Call() call: RouteCall<typeof villageJoin>): Promise<ResponseOf<typeof villageJoin>> {
    return this.commands.forward(call);
  }
}
