import { Injectable } from '@nestjs/common';
import type { FeedToken } from '@vv/contracts';
import { ServiceError, type Actor } from '@vv/platform';
import { feedPath, hashFeedToken, newFeedToken } from './feed-token';
import { FeedPolicy } from './feed.policy';
import { FeedRepository } from './feed.repository';
import { buildFeed, vtimezoneBlocks } from './ical-feed';

/** How far back the feed reaches: series and events ending before this are left out. */
export const FEED_HISTORY_DAYS = 90;

const notFound = (): ServiceError => new ServiceError('not_found', 'Calendar feed not found');

/** A member's iCalendar feed of a village and the revocable token it is fetched with. */
@Injectable()
export class FeedService {
  constructor(
    private readonly repository: FeedRepository,
    private readonly policy: FeedPolicy,
  ) {}

  /** A new token for the caller's feed; their previous token stops working. */
  async createToken(actor: Actor, villageId: string): Promise<FeedToken> {
    await this.policy.assertMember(actor, villageId);
    const { token, hash } = newFeedToken();
    await this.repository.createToken(villageId, actor.userId, hash);
    return { token, url: feedPath(villageId, token) };
  }

  async revokeToken(actor: Actor, villageId: string): Promise<void> {
    await this.policy.assertMember(actor, villageId);
    if (!(await this.repository.revokeToken(villageId, actor.userId))) throw notFound();
  }

  /** The feed of the token's member; `not_found` for an unknown or revoked token or a former member. */
  async feed(villageId: string, token: string, now = new Date()): Promise<string> {
    const row = await this.repository.findToken(villageId, hashFeedToken(token));
    if (!row || !(await this.policy.isMember(row.memberId, villageId))) throw notFound();
    const from = new Date(now.getTime() - FEED_HISTORY_DAYS * 86_400_000);
    const events = await this.repository.listEvents(villageId, from.toISOString());
    const timezones = await vtimezoneBlocks(events, from);
    return buildFeed(events, { viewerId: row.memberId, from, name: 'Village calendar', timezones });
  }
}
