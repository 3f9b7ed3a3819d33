import { Controller } from '@nestjs/common';
import type { memberAdd, memberList, memberRemove, memberUpdate, ResponseOf } from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { villagesRoutes } from './villages.routes';

/** The directory and memberships of a village. */
@Controller()
export class MembersController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(villagesRoutes.members)
  list(@Call() call: RouteCall<typeof memberList>): Promise<ResponseOf<typeof memberList>> {
    return this.commands.forward(call);
  }

  @Route(villagesRoutes.addMember)
  add(@Call() call: RouteCall<typeof memberAdd>): Promise<ResponseOf<typeof memberAdd>> {
    return this.commands.forward(call);
  }

  @Route(villagesRoutes.updateMember)
  update(@Call() call: RouteCall<typeof memberUpdate>): Promise<ResponseOf<typeof memberUpdate>> {
    return this.commands.forward(call);
  }

  @Route(villagesRoutes.removeMember)
  async remove(@Call() call: RouteCall<typeof memberRemove>): Promise<void> {
    await this.commands.forward(call);
  }
}
