import { Injectable } from '@nestjs/common';
import {
  UNREAD_COUNT_CAP,
  type Broadcast,
  type broadcastList,
  type broadcastMarkRead,
  type ResponseOf,
} from '@vv/contracts';
import { decodeCursor, pageOf, timeIdKey, type Actor } from '@vv/platform';
import { toBroadcast } from './broadcast-row';
import { BroadcastsPolicy } from './broadcasts.policy';
import { BroadcastsRepository, type NewBroadcast } from './broadcasts.repository';

export interface BroadcastPageQuery {
  villageId: string;
  limit: number;
  cursor?: string;
}

/** Broadcasts: sent to every villager, listed newest first with the caller's unread count. */
@Injectable()
export class BroadcastsService {
  constructor(
    private readonly repository: BroadcastsRepository,
    private readonly policy: BroadcastsPolicy,
  ) {}

  async send(actor: Actor, villageId: string, broadcast: NewBroadcast): Promise<Broadcast> {
    await this.policy.assertSend(actor, villageId);
    return toBroadcast(await this.repository.send(villageId, actor.userId, broadcast));
  }

  async list(actor: Actor, query: BroadcastPageQuery): Promise<ResponseOf<typeof broadcastList>> {
    const before = decodeCursor(query.cursor, timeIdKey);
    const facts = await this.policy.assertRead(actor, query.villageId);
    const [rows, unread] = await Promise.all([
      this.repository.list(query.villageId, query.limit + 1, before && { at: before[0], id: before[1] }),
      facts.role === null
        ? Promise.resolve(undefined)
        : this.repository.unread(query.villageId, actor.userId, UNREAD_COUNT_CAP),
    ]);
    return {
      ...pageOf(rows, query.limit, (row) => [row.sortKey, row.id], toBroadcast),
      unreadBroadcasts: unread ? Math.min(unread.unreadCount, UNREAD_COUNT_CAP) : null,
      readUpToBroadcastId: unread?.readUpToId ?? null,
    };
  }

  /** Moves the caller's read cursor forward (all their devices share it) and returns the unread count after it. */
  async markRead(
    actor: Actor,
    villageId: string,
    upToBroadcastId: string,
  ): Promise<ResponseOf<typeof broadcastMarkRead>> {
    await this.policy.assertMember(actor, villageId);
    const cursor = await this.repository.markRead(villageId, actor.userId, upToBroadcastId, UNREAD_COUNT_CAP);
    return {
      villageId,
      readUpToBroadcastId: cursor.readUpToId,
      unreadBroadcasts: Math.min(cursor.unreadCount, UNREAD_COUNT_CAP),
    };
  }
}
