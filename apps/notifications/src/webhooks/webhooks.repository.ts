import { Injectable } from '@nestjs/common';
import { Database, type SqlCaller } from '@vv/platform';
import type { ClaimedDelivery, DeliveryRow, WebhookRow } from './webhook-rows';

export interface NewWebhook {
  villageId: string;
  url: string;
  events: string[];
  /** As stored: sealed (or `plain:`) by WebhookSecrets. */
  secret: string;
  createdBy: string;
  data: Record<string, unknown> | undefined;
}

export interface WebhookChanges {
  url?: string;
  events?: string[];
  enabled?: boolean;
  data?: Record<string, unknown>;
}

export interface FailedAttempt {
  statusCode: number | null;
  error: string;
  durationMs: number;
  /** Null: the delivery is dead (out of attempts). */
  retryInMs: number | null;
  disableAfterMs: number;
}

export interface FailureOutcome {
  recorded: boolean;
  dead: boolean;
  webhookDisabled: boolean;
}

/** Attempts a delivery shows in the log. */
const RECENT_ATTEMPTS = 10;

/** The only file of the webhooks module that calls SQL. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly db: Database) {}

  create(webhook: NewWebhook, maxPerVillage: number): Promise<WebhookRow> {
    return this.db.one<WebhookRow>('notifications.create_webhook', { ...webhook, maxPerVillage });
  }

  get(villageId: string, webhookId: string): Promise<WebhookRow | undefined> {
    return this.db.maybeOne<WebhookRow>('notifications.get_webhook', { villageId, webhookId });
  }

  list(villageId: string, limit: number, before?: readonly [string, string]): Promise<WebhookRow[]> {
    return this.db.call<WebhookRow>('notifications.list_webhooks', {
      villageId,
      limit,
      beforeCreatedAt: before?.[0],
      beforeId: before?.[1],
    });
  }

  update(villageId: string, webhookId: string, changes: WebhookChanges): Promise<WebhookRow> {
    return this.db.one<WebhookRow>('notifications.update_webhook', { villageId, webhookId, ...changes });
  }

  async delete(villageId: string, webhookId: string): Promise<boolean> {
    const row = await this.db.one<{ deleteWebhook: boolean }>('notifications.delete_webhook', {
      villageId,
      webhookId,
    });
    return row.deleteWebhook;
  }

  async deleteVillageWebhooks(tx: SqlCaller, villageId: string): Promise<number> {
    const row = await tx.one<{ deleteVillageWebhooks: number }>('notifications.delete_village_webhooks', {
      villageId,
    });
    return row.deleteVillageWebhooks;
  }

  /** In the consumer's transaction: the village's enabled webhooks and their subscriptions. */
  enabledWebhooks(tx: SqlCaller, villageId: string): Promise<Array<{ id: string; events: string[] }>> {
    return tx.call('notifications.list_enabled_webhooks', { villageId });
  }

  /** In the consumer's transaction: one delivery per webhook (none twice); the number queued. */
  async enqueue(
    tx: SqlCaller,
    delivery: { webhookIds: string[]; eventId: string; eventType: string; body: string },
  ): Promise<number> {
    const row = await tx.one<{ enqueueWebhookDeliveries: number }>(
      'notifications.enqueue_webhook_deliveries',
      delivery,
    );
    return row.enqueueWebhookDeliveries;
  }

  listDeliveries(
    webhookId: string,
    status: string | undefined,
    limit: number,
    before?: readonly [string, string],
  ): Promise<DeliveryRow[]> {
    return this.db.call<DeliveryRow>('notifications.list_webhook_deliveries', {
      webhookId,
      limit,
      attemptsLimit: RECENT_ATTEMPTS,
      status,
      beforeCreatedAt: before?.[0],
      beforeId: before?.[1],
    });
  }

  redeliver(webhookId: string, deliveryId: string): Promise<DeliveryRow> {
    return this.db.one<DeliveryRow>('notifications.redeliver_webhook_delivery', {
      webhookId,
      deliveryId,
      attemptsLimit: RECENT_ATTEMPTS,
    });
  }

  claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.db.call<ClaimedDelivery>('notifications.claim_webhook_deliveries', { limit, leaseMs });
  }

  async markSucceeded(
    delivery: Pick<ClaimedDelivery, 'id' | 'leaseId'>,
    statusCode: number,
    durationMs: number,
  ): Promise<boolean> {
    const row = await this.db.one<{ markWebhookDeliverySucceeded: boolean }>(
      'notifications.mark_webhook_delivery_succeeded',
      { id: delivery.id, leaseId: delivery.leaseId, statusCode, durationMs },
    );
    return row.markWebhookDeliverySucceeded;
  }

  markFailed(
    delivery: Pick<ClaimedDelivery, 'id' | 'leaseId'>,
    attempt: FailedAttempt,
  ): Promise<FailureOutcome> {
    return this.db.one<FailureOutcome>('notifications.mark_webhook_delivery_failed', {
      id: delivery.id,
      leaseId: delivery.leaseId,
      statusCode: attempt.statusCode,
      error: attempt.error,
      durationMs: attempt.durationMs,
      retryInMs: attempt.retryInMs,
      disableAfterMs: attempt.disableAfterMs,
    });
  }

  async purge(before: string, limit: number): Promise<number> {
    const row = await this.db.one<{ purgeWebhookDeliveries: number }>(
      'notifications.purge_webhook_deliveries',
      { before, limit },
    );
    return row.purgeWebhookDeliveries;
  }
}
