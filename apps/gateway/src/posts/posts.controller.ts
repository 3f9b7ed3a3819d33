import { Controller } from '@nestjs/common';
import type {
  postCreate,
  postDelete,
  postList,
  postUpdate,
  reactionAdd,
  reactionRemove,
  ResponseOf,
} from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { postsRoutes } from './posts.routes';

@Controller()
export class PostsController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(postsRoutes.list)
  list(@Call() call: RouteCall<typeof postList>): Promise<ResponseOf<typeof postList>> {
    return this.commands.forward(call);
  }

  @Route(postsRoutes.create)
  create(@Call() call: RouteCall<typeof postCreate>): Promise<ResponseOf<typeof postCreate>> {
    return this.commands.forward(call);
  }

  @Route(postsRoutes.update)
  update(@Call() call: RouteCall<typeof postUpdate>): Promise<ResponseOf<typeof postUpdate>> {
    return this.commands.forward(call);
  }

  @Route(postsRoutes.delete)
  async delete(@Call() call: RouteCall<typeof postDelete>): Promise<void> {
    await this.commands.forward(call);
  }

  @Route(postsRoutes.react)
  react(@Call() call: RouteCall<typeof reactionAdd>): Promise<ResponseOf<typeof reactionAdd>> {
    return this.commands.forward(call);
  }

  @Route(postsRoutes.unreact)
  unreact(@Call() call: RouteCall<typeof reactionRemove>): Promise<ResponseOf<typeof reactionRemove>> {
    return this.commands.forward(call);
  }
}
