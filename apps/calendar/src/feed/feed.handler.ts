import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  feedGet,
  feedTokenCreate,
  feedTokenRevoke,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { FeedService } from './feed.service';

/** NATS: a member's iCalendar feed of a village and its feed token. */
@Controller()
export class FeedHandler {
  constructor(private readonly feeds: FeedService) {}

  @Command(feedTokenCreate)
  createToken(
    @Payload() request: ParsedRequestOf<typeof feedTokenCreate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof feedTokenCreate>> {
    return this.feeds.createToken(requireActor(context), request.villageId);
  }

  @Command(feedTokenRevoke)
  async revokeToken(
    @Payload() request: ParsedRequestOf<typeof feedTokenRevoke>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof feedTokenRevoke>> {
    await this.feeds.revokeToken(requireActor(context), request.villageId);
    return {};
  }

  /** No actor: the feed token is the credential (calendar clients send no bearer token). */
  @Command(feedGet)
  async feed(@Payload() request: ParsedRequestOf<typeof feedGet>): Promise<ResponseOf<typeof feedGet>> {
    return { ics: await this.feeds.feed(request.villageId, request.token) };
  }
}
