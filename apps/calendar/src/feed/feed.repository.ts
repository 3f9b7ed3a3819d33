import { Injectable } from '@nestjs/common';
import { Database } from '@vv/platform';
import type { FeedEventRow } from './feed-event-row';

export interface FeedTokenRow {
  id: string;
  villageId: string;
  memberId: string;
}

/** The only file of the feed module that calls SQL. */
@Injectable()
export class FeedRepository {
  constructor(private readonly db: Database) {}

  /** Stores the member's new token hash, replacing (revoking) their previous one. */
  async createToken(villageId: string, memberId: string, tokenHash: Buffer): Promise<void> {
    await this.db.one('calendar.create_feed_token', { villageId, memberId, tokenHash });
  }

  /** Revokes the member's token; false when there was none. */
  async revokeToken(villageId: string, memberId: string): Promise<boolean> {
    return (await this.db.maybeOne('calendar.revoke_feed_token', { villageId, memberId })) !== undefined;
  }

  /** The live token with this hash for the village; undefined for an unknown or revoked one. */
  findToken(villageId: string, tokenHash: Buffer): Promise<FeedTokenRow | undefined> {
    return this.db.maybeOne<FeedTokenRow>('calendar.find_feed_token', { villageId, tokenHash });
  }

  /** The village's live events reaching past `from`, with exdates and exceptions (one query). */
  listEvents(villageId: string, from: string): Promise<FeedEventRow[]> {
    return this.db.call<FeedEventRow>('calendar.list_feed_events', { villageId, from });
  }
}
