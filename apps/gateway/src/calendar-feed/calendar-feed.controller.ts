import { Controller } from '@nestjs/common';
import type { feedGet, feedTokenCreate, feedTokenRevoke, ResponseOf } from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { calendarFeedRoutes } from './calendar-feed.routes';
import { absoluteFeedUrl, PublicBaseUrl } from './public-base-url';

@Controller()
export class CalendarFeedController {
  constructor(
    private readonly commands: CommandForwarder,
    private readonly baseUrl: PublicBaseUrl,
  ) {}

  @Route(calendarFeedRoutes.feed)
  feed(@Call() call: RouteCall<typeof feedGet>): Promise<ResponseOf<typeof feedGet>> {
    return this.commands.forward(call);
  }

  /** The origin is known before the token rotates: nothing that can fail runs after the rotation. */
  @Route(calendarFeedRoutes.createToken)
  async createToken(
    @Call() call: RouteCall<typeof feedTokenCreate>,
  ): Promise<ResponseOf<typeof feedTokenCreate>> {
    const baseUrl = this.baseUrl.get();
    return absoluteFeedUrl(await this.commands.forward(call), baseUrl);
  }

  @Route(calendarFeedRoutes.revokeToken)
  async revokeToken(@Call() call: RouteCall<typeof feedTokenRevoke>): Promise<void> {
    await this.commands.forward(call);
  }
}
