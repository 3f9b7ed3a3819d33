import { Controller } from '@nestjs/common';
import type { ResponseOf, topicCreate, topicDelete, topicGet, topicList, topicUpdate } from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { topicsRoutes } from './topics.routes';

@Controller()
export class TopicsController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(topicsRoutes.list)
  list(@Call() call: RouteCall<typeof topicList>): Promise<ResponseOf<typeof topicList>> {
    return this.commands.forward(call);
  }

  @Route(topicsRoutes.create)
  create(@Call() call: RouteCall<typeof topicCreate>): Promise<ResponseOf<typeof topicCreate>> {
    return this.commands.forward(call);
  }

  @Route(topicsRoutes.get)
  get(@Call() call: RouteCall<typeof topicGet>): Promise<ResponseOf<typeof topicGet>> {
    return this.commands.forward(call);
  }

  @Route(topicsRoutes.update)
  update(@Call() call: RouteCall<typeof topicUpdate>): Promise<ResponseOf<typeof topicUpdate>> {
    return this.commands.forward(call);
  }

  @Route(topicsRoutes.delete)
  async delete(@Call() call: RouteCall<typeof topicDelete>): Promise<void> {
    await this.commands.forward(call);
  }
}
