import { Injectable } from '@nestjs/common';
import {
  postCreate,
  postDelete,
  postList,
  postUpdate,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { PostsService } from './posts.service';

/** NATS: posts and threads of a topic. */
@Injectable()
export class PostsHandler {
  constructor(private readonly posts: PostsService) {}

  @CommandHandler(postList)
  list(
    request: ParsedRequestOf<typeof postList>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof postList>> {
    return this.posts.list(requireActor(context), request);
  }

  @CommandHandler(postCreate)
  create(
    request: ParsedRequestOf<typeof postCreate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof postCreate>> {
    const { topicId, ...post } = request;
    return this.posts.create(requireActor(context), topicId, post);
  }

  @CommandHandler(postUpdate)
  update(
    request: ParsedRequestOf<typeof postUpdate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof postUpdate>> {
    return this.posts.update(requireActor(context), request.postId, request.patch);
  }

  @CommandHandler(postDelete)
  async delete(
    request: ParsedRequestOf<typeof postDelete>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof postDelete>> {
    await this.posts.delete(requireActor(context), request.postId);
    return {};
  }
}
