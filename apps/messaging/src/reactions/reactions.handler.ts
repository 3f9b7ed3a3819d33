import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { reactionAdd, reactionRemove, type ParsedRequestOf, type ResponseOf } from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { ReactionsService } from './reactions.service';

/** NATS: reactions to posts. */
@Controller()
export class ReactionsHandler {
  constructor(private readonly reactions: ReactionsService) {}

  @Command(reactionAdd)
  add(
    @Payload() request: ParsedRequestOf<typeof reactionAdd>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof reactionAdd>> {
    return this.reactions.add(requireActor(context), request.postId, request.emoji);
  }

  @Command(reactionRemove)
  remove(
    @Payload() request: ParsedRequestOf<typeof reactionRemove>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof reactionRemove>> {
    return this.reactions.remove(requireActor(context), request.postId, request.emoji);
  }
}
