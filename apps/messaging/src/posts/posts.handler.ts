import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  postCreate,
  postDelete,
  postList,
  postUpdate,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { Command, requireActor, type Answer, type CommandContext } from '@vv/platform';
import { PostsService } from './posts.service';

/** NATS: posts and threads of a topic. */
@Controller()
export class PostsHandler {
  constructor(private readonly posts: PostsService) {}

  @Command(postList)
  list(
    @Payload() request: ParsedRequestOf<typeof postList>,
    @Ctx() context: CommandContext,
  ): Promise<Answer<ResponseOf<typeof postList>>> {
    return this.posts.list(requireActor(context), request);
  }

  @Command(postCreate)
  create(
    @Payload() request: ParsedRequestOf<typeof postCreate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof postCreate>> {
    const { topicId, ...post } = request;
    return this.posts.create(requireActor(context), topicId, post);
  }

  @Command(postUpdate)
  update(
    @Payload() request: ParsedRequestOf<typeof postUpdate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof postUpdate>> {
    return this.posts.update(requireActor(context), request.postId, request.patch);
  }

  @Command(postDelete)
  async delete(
    @Payload() request: ParsedRequestOf<typeof postDelete>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof postDelete>> {
    await this.posts.delete(requireActor(context), request.postId);
    return {};
  }
}
