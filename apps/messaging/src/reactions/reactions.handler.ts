import { Injectable } from '@nestjs/common';
import { reactionAdd, reactionRemove, type ParsedRequestOf, type ResponseOf } from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { ReactionsService } from './reactions.service';

/** NATS: reactions to posts. */
@Injectable()
export class ReactionsHandler {
  constructor(private readonly reactions: ReactionsService) {}

  @CommandHandler(reactionAdd)
  add(
    request: ParsedRequestOf<typeof reactionAdd>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof reactionAdd>> {
    return this.reactions.add(requireActor(context), request.postId, request.emoji);
  }

  @CommandHandler(reactionRemove)
  remove(
    request: ParsedRequestOf<typeof reactionRemove>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof reactionRemove>> {
    return this.reactions.remove(requireActor(context), request.postId, request.emoji);
  }
}
