import { Injectable } from '@nestjs/common';
import type { notificationList, NotificationMarkRead, ParsedRequestOf, ResponseOf } from '@vv/contracts';
import { decodeCursor, pageOf, timeIdKey, type Actor } from '@vv/platform';
import { InboxRepository } from './inbox.repository';
import { toNotification } from './notification-row';

/** The caller's own notifications: list and mark read. Nobody reads another user's. */
@Injectable()
export class InboxService {
  constructor(private readonly inbox: InboxRepository) {}

  async list(
    actor: Actor,
    request: ParsedRequestOf<typeof notificationList>,
  ): Promise<ResponseOf<typeof notificationList>> {
    const before = decodeCursor(request.cursor, timeIdKey);
    const [rows, unreadCount] = await Promise.all([
      this.inbox.list(actor.userId, request.unread, request.limit + 1, before),
      this.inbox.countUnread(actor.userId),
    ]);
    return {
      ...pageOf(rows, request.limit, (row) => [row.sortKey, row.id], toNotification),
      unreadCount,
    };
  }

  async markRead(actor: Actor, request: NotificationMarkRead): Promise<{ unreadCount: number }> {
    let unreadCount: number;
    if ('ids' in request) unreadCount = await this.inbox.markRead(actor.userId, request.ids);
    else if ('all' in request) unreadCount = await this.inbox.markAllRead(actor.userId);
    else unreadCount = await this.inbox.markReadUpTo(actor.userId, request.upTo);
    return { unreadCount };
  }
}
