import { Injectable } from '@nestjs/common';
import type { feedTokenCreate, ResponseOf } from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import type { RouteCall, RouteHandler } from '../routing/route-call';
import { absoluteFeedUrl, PublicBaseUrl } from './public-base-url';

/** `POST /v1/villages/:villageId/calendar-token`: the new token's feed URL made absolute. */
@Injectable()
export class FeedTokenRouteHandler implements RouteHandler<typeof feedTokenCreate> {
  constructor(
    private readonly commands: CommandForwarder,
    private readonly baseUrl: PublicBaseUrl,
  ) {}

  /** The origin is known before the token rotates: nothing that can fail runs after the rotation. */
  async handle(call: RouteCall<typeof feedTokenCreate>): Promise<ResponseOf<typeof feedTokenCreate>> {
    const baseUrl = this.baseUrl.get();
    return absoluteFeedUrl(await this.commands.forward(call), baseUrl);
  }
}
