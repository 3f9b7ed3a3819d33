import { Injectable } from '@nestjs/common';
import type { NotificationKind, NotificationSubject } from '@vv/contracts';
import { Database, type SqlCaller } from '@vv/platform';
import type { NotificationRow } from './notification-row';

/** Notifications of one kind for some users, from one event. */
export interface NewNotifications {
  sourceEventId: string;
  kind: NotificationKind;
  villageId: string | null;
  actorId: string | null;
  userIds: string[];
  subject: NotificationSubject;
  data: Record<string, unknown>;
  occurredAt: string;
}

export interface CreatedNotification {
  sourceEventId: string;
  kind: NotificationKind;
  id: string;
  userId: string;
  /** Push deliveries queued with it (one per subscription of the user). */
  pushes: number;
}

/** The only file of the inbox module that calls the notifications table's SQL. */
@Injectable()
export class InboxRepository {
  constructor(private readonly db: Database) {}

  /**
   * In the consumer's transaction, in one statement: the notifications of each entry (users who
   * already have one from that event get no second), each with its notification.created event and
   * its push deliveries.
   */
  createMany(tx: SqlCaller, notifications: readonly NewNotifications[]): Promise<CreatedNotification[]> {
    if (notifications.length === 0) return Promise.resolve([]);
    return tx.call<CreatedNotification>('notifications.create_notifications_many', {
      notifications: JSON.stringify(notifications),
    });
  }

  list(
    userId: string,
    unreadOnly: boolean,
    limit: number,
    before?: readonly [string, string],
  ): Promise<NotificationRow[]> {
    return this.db.call<NotificationRow>('notifications.list_notifications', {
      userId,
      unreadOnly,
      limit,
      beforeCreatedAt: before?.[0],
      beforeId: before?.[1],
    });
  }

  async countUnread(userId: string): Promise<number> {
    const row = await this.db.one<{ countUnreadNotifications: number }>(
      'notifications.count_unread_notifications',
      { userId },
    );
    return row.countUnreadNotifications;
  }

  /** The unread count after. */
  async markRead(userId: string, ids: string[]): Promise<number> {
    const row = await this.db.one<{ markNotificationsRead: number }>(
      'notifications.mark_notifications_read',
      {
        userId,
        ids,
      },
    );
    return row.markNotificationsRead;
  }

  async markAllRead(userId: string): Promise<number> {
    const row = await this.db.one<{ markAllNotificationsRead: number }>(
      'notifications.mark_all_notifications_read',
      { userId },
    );
    return row.markAllNotificationsRead;
  }

  /** not_found when `upTo` is not one of the user's notifications. */
  async markReadUpTo(userId: string, upTo: string): Promise<number> {
    const row = await this.db.one<{ markNotificationsReadUpTo: number }>(
      'notifications.mark_notifications_read_up_to',
      { userId, upTo },
    );
    return row.markNotificationsReadUpTo;
  }
}
