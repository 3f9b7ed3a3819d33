import { Injectable } from '@nestjs/common';
import type { NotificationKind } from '@vv/contracts';
import { Database } from '@vv/platform';

export interface SubscriptionRow {
  id: string;
  endpoint: string;
  createdAt: string;
  updatedAt: string;
}

export interface ClaimedPush {
  id: string;
  notificationId: string;
  subscriptionId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  kind: NotificationKind;
  villageId: string | null;
  attempts: number;
}

/** The only file of the push module that calls SQL. */
@Injectable()
export class PushRepository {
  constructor(private readonly db: Database) {}

  register(
    userId: string,
    subscription: { endpoint: string; p256dh: string; auth: string },
    maxPerUser: number,
  ): Promise<SubscriptionRow> {
    return this.db.one<SubscriptionRow>('notifications.register_push_subscription', {
      userId,
      ...subscription,
      maxPerUser,
    });
  }

  /** False when the subscription is not the user's. */
  async delete(userId: string, id: string): Promise<boolean> {
    const row = await this.db.one<{ deletePushSubscription: boolean }>(
      'notifications.delete_push_subscription',
      { userId, id },
    );
    return row.deletePushSubscription;
  }

  async removeGone(subscriptionId: string): Promise<void> {
    await this.db.call('notifications.remove_gone_push_subscription', { id: subscriptionId });
  }

  claim(limit: number, leaseMs: number): Promise<ClaimedPush[]> {
    return this.db.call<ClaimedPush>('notifications.claim_push_deliveries', { limit, leaseMs });
  }

  async finish(id: string): Promise<void> {
    await this.db.call('notifications.finish_push_delivery', { id });
  }

  async fail(id: string, error: string, delayMs: number, final: boolean): Promise<void> {
    await this.db.call('notifications.fail_push_delivery', { id, error, delayMs, final });
  }
}
