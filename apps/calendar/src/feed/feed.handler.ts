import { Injectable } from '@nestjs/common';
import {
  feedGet,
  feedTokenCreate,
  feedTokenRevoke,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { FeedService } from './feed.service';

/** NATS: a member's iCalendar feed of a village and its feed token. */
@Injectable()
export class FeedHandler {
  constructor(private readonly feeds: FeedService) {}

  @CommandHandler(feedTokenCreate)
  createToken(
    request: ParsedRequestOf<typeof feedTokenCreate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof feedTokenCreate>> {
    return this.feeds.createToken(requireActor(context), request.villageId);
  }

  @CommandHandler(feedTokenRevoke)
  async revokeToken(
    request: ParsedRequestOf<typeof feedTokenRevoke>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof feedTokenRevoke>> {
    await this.feeds.revokeToken(requireActor(context), request.villageId);
    return {};
  }

  /** No actor: the feed token is the credential (calendar clients send no bearer token). */
  @CommandHandler(feedGet)
  async feed(request: ParsedRequestOf<typeof feedGet>): Promise<ResponseOf<typeof feedGet>> {
    return { ics: await this.feeds.feed(request.villageId, request.token) };
  }
}
