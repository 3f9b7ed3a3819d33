import { Injectable } from '@nestjs/common';
import { Database } from '@vv/platform';
import type { BroadcastRow, BroadcastUnreadRow } from './broadcast-row';

export interface NewBroadcast {
  body: string;
  data?: Record<string, unknown>;
}

/** The only file of the broadcasts module that calls SQL. */
@Injectable()
export class BroadcastsRepository {
  constructor(private readonly db: Database) {}

  /** The broadcast with broadcast.sent; the author's read cursor moves to it. */
  send(villageId: string, authorId: string, broadcast: NewBroadcast): Promise<BroadcastRow> {
    return this.db.one<BroadcastRow>('messaging.send_broadcast', {
      villageId,
      authorId,
      body: broadcast.body,
      data: broadcast.data === undefined ? undefined : JSON.stringify(broadcast.data),
    });
  }

  /** `limit` rows of the village's broadcasts, newest first. */
  list(villageId: string, limit: number, before?: { at: string; id: string }): Promise<BroadcastRow[]> {
    return this.db.call<BroadcastRow>('messaging.list_broadcasts', {
      villageId,
      limit,
      beforeCreatedAt: before?.at,
      beforeId: before?.id,
    });
  }

  /** The user's broadcast read cursor and the unread count after it, counting no further than the cap. */
  unread(villageId: string, userId: string, unreadCap: number): Promise<BroadcastUnreadRow> {
    return this.db.one<BroadcastUnreadRow>('messaging.count_unread_broadcasts', {
      villageId,
      userId,
      unreadCap,
    });
  }

  /** Moves the user's read cursor forward to the broadcast (never back); `invalid` when it is not the village's. */
  markRead(
    villageId: string,
    userId: string,
    broadcastId: string,
    unreadCap: number,
  ): Promise<BroadcastUnreadRow> {
    return this.db.one<BroadcastUnreadRow>('messaging.mark_broadcasts_read', {
      villageId,
      userId,
      broadcastId,
      unreadCap,
    });
  }
}
