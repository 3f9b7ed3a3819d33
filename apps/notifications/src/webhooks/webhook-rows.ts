import type { Webhook, WebhookDelivery, WebhookDeliveryStatus } from '@vv/contracts';

/** A row of notifications.get_webhook and friends (no secret). */
export interface WebhookRow {
  id: string;
  villageId: string;
  url: string;
  events: string[];
  enabled: boolean;
  disabledAt: string | null;
  failingSince: string | null;
  createdBy: string;
  data: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  sortKey: string;
}

export interface AttemptJson {
  number: number;
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  succeeded: boolean;
}

/** A row of notifications.list_webhook_deliveries. */
export interface DeliveryRow {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
  recentAttempts: AttemptJson[];
  sortKey: string;
}

/** A delivery leased by the worker, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  villageId: string;
  eventId: string;
  eventType: string;
  body: string;
  /** This attempt's number. */
  attempts: number;
  leaseId: string;
  url: string;
  /** As stored (sealed or `plain:`); WebhookSecrets opens it. */
  secret: string;
}

export const toWebhook = (row: WebhookRow): Webhook => ({
  id: row.id,
  villageId: row.villageId,
  url: row.url,
  events: row.events,
  enabled: row.enabled,
  disabledAt: row.disabledAt,
  failingSince: row.failingSince,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  data: row.data,
});

export const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id,
  webhookId: row.webhookId,
  eventId: row.eventId,
  eventType: row.eventType,
  status: row.status,
  attempts: row.attempts,
  lastStatusCode: row.lastStatusCode,
  lastError: row.lastError,
  nextAttemptAt: row.nextAttemptAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  deliveredAt: row.deliveredAt,
  recentAttempts: row.recentAttempts,
});
