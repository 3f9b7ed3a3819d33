import { Controller, Req } from '@nestjs/common';
import type { feedGet, feedTokenCreate, feedTokenRevoke, FeedToken, ResponseOf } from '@vv/contracts';
import type { FastifyRequest } from 'fastify';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { calendarFeedRoutes } from './calendar-feed.routes';

/** The feed URL calendar returns is relative to the API; clients subscribe to an absolute one. */
export const absoluteFeedUrl = (
  token: FeedToken,
  request: Pick<FastifyRequest, 'protocol' | 'host'>,
): FeedToken => ({
  ...token,
  url: new URL(token.url, `${request.protocol}://${request.host}`).toString(),
});

@Controller()
export class CalendarFeedController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(calendarFeedRoutes.feed)
  feed(@Call() call: RouteCall<typeof feedGet>): Promise<ResponseOf<typeof feedGet>> {
    return this.commands.forward(call);
  }

  @Route(calendarFeedRoutes.createToken)
  async createToken(
    @Call() call: RouteCall<typeof feedTokenCreate>,
    @Req() request: FastifyRequest,
  ): Promise<ResponseOf<typeof feedTokenCreate>> {
    return absoluteFeedUrl(await this.commands.forward(call), request);
  }

  @Route(calendarFeedRoutes.revokeToken)
  async revokeToken(@Call() call: RouteCall<typeof feedTokenRevoke>): Promise<void> {
    await this.commands.forward(call);
  }
}
