import { z } from 'zod';
import type { EventDefinition } from '../../common/define';
import { dataField, isoTimestamp, uuid } from '../../common/schemas';
import { outboundUrl } from '../outbound-url/outbound-url.schema';

/** Longest webhook URL, in characters. */
export const WEBHOOK_URL_MAX = 2048;
/** Shortest and longest secret a caller may choose (a generated one is 32 random bytes). */
export const WEBHOOK_SECRET_MIN = 16;
export const WEBHOOK_SECRET_MAX = 256;
/** Most entries of a webhook's `events`. */
export const WEBHOOK_EVENTS_MAX = 50;

/**
 * Events a webhook never receives, whatever it subscribes to: a direct conversation is private to
 * its members, and a village's admins may not learn who writes to whom.
 */
export const WEBHOOK_PRIVATE_EVENT_TYPES: readonly string[] = [
  'messaging.conversation.created',
  'messaging.message.sent',
  'messaging.message.edited',
  'messaging.message.deleted',
];

/**
 * What a webhook subscribes to: an event type (`messaging.post.created`), every type under a
 * prefix (`messaging.*`, `messaging.post.*`), or `*` (every event of the village).
 */
export const webhookEventPattern = z
  .string()
  .max(200)
  .regex(
    /^(\*|[a-z][a-z_]*(\.[a-z][a-z_]*){0,2}\.\*|[a-z][a-z_]*\.[a-z][a-z_]*\.[a-z][a-z_]*)$/,
    'an event type (messaging.post.created), a prefix ending in .* (messaging.*) or *',
  );

/** A webhook's URL: absolute http(s), read alike by every parser, no credentials, at most 2048 characters. */
export const webhookUrl = outboundUrl(WEBHOOK_URL_MAX);

/** A caller-chosen signing secret. */
export const webhookSecret = z.string().min(WEBHOOK_SECRET_MIN).max(WEBHOOK_SECRET_MAX);

export const webhookEvents = z
  .array(webhookEventPattern)
  .min(1)
  .max(WEBHOOK_EVENTS_MAX)
  .transform((patterns) => [...new Set(patterns)]);

/**
 * A village's webhook. The secret is write-only: given (or generated and returned) once, on
 * create, and never shown again. `enabled` false with `disabledAt`: disabled, by an admin or after
 * failing for too long (`failingSince` is when its current run of failures started).
 */
export const webhook = z.object({
  id: uuid,
  villageId: uuid,
  url: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  disabledAt: isoTimestamp.nullable(),
  failingSince: isoTimestamp.nullable(),
  createdBy: uuid,
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  data: z.record(z.string(), z.unknown()),
});
export type Webhook = z.output<typeof webhook>;

/** The fields of a new webhook (the body of `POST /v1/villages/{villageId}/webhooks`). */
export const webhookFields = z.strictObject({
  url: webhookUrl,
  events: webhookEvents,
  /** The HMAC key of the signatures; generated (and returned once) when absent. */
  secret: webhookSecret.optional(),
  data: dataField.optional(),
});

/** A webhook change: fields left out keep their value; `enabled: true` re-enables a disabled webhook. */
export const webhookPatch = z
  .strictObject({
    url: webhookUrl.optional(),
    events: webhookEvents.optional(),
    enabled: z.boolean().optional(),
    data: dataField.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'at least one field');

/**
 * A delivery's state: `pending` (waiting for its first attempt, or redelivered), `failed` (the
 * last attempt failed; the next one is at `nextAttemptAt`), `succeeded` (a 2xx answer), `dead`
 * (out of attempts, or its webhook was disabled: dead-lettered, kept in the log, redeliverable).
 */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'failed', 'succeeded', 'dead'] as const;
export const webhookDeliveryStatus = z.enum(WEBHOOK_DELIVERY_STATUSES);
export type WebhookDeliveryStatus = z.output<typeof webhookDeliveryStatus>;

/** One HTTP attempt of a delivery. */
export const webhookDeliveryAttempt = z.object({
  /** 1 for the first attempt; counts again from 1 after a manual redelivery. */
  number: z.number().int().positive(),
  at: isoTimestamp,
  /** The receiver's HTTP status; null when none came (refused address, connection error, timeout). */
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int().nonnegative(),
  succeeded: z.boolean(),
});

/** Attempts a delivery shows, newest first. */
export const WEBHOOK_RECENT_ATTEMPTS = 10;

/** One event sent (or to be sent) to one webhook; its id is the `X-Village-Delivery` header. */
export const webhookDelivery = z.object({
  id: uuid,
  webhookId: uuid,
  eventId: uuid,
  eventType: z.string(),
  status: webhookDeliveryStatus,
  /** Attempts since it was queued (or last redelivered). */
  attempts: z.number().int().nonnegative(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  /** When the next attempt is due (pending, failed); null once succeeded or dead. */
  nextAttemptAt: isoTimestamp.nullable(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  deliveredAt: isoTimestamp.nullable(),
  /** The latest attempts, newest first (at most WEBHOOK_RECENT_ATTEMPTS). */
  recentAttempts: z.array(webhookDeliveryAttempt),
});
export type WebhookDelivery = z.output<typeof webhookDelivery>;

/** Whether `pattern` covers the event type `type` (`*`, a prefix ending in `.*`, or the type). */
export const webhookPatternMatches = (pattern: string, type: string): boolean =>
  pattern === '*' || (pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type);

/** Whether a webhook subscribed to `patterns` receives events of `type` (never a private one). */
export const webhookReceives = (patterns: readonly string[], type: string): boolean =>
  !WEBHOOK_PRIVATE_EVENT_TYPES.includes(type) &&
  patterns.some((pattern) => webhookPatternMatches(pattern, type));

/** The event types a webhook may receive, from an event catalogue (contracts' `EVENTS`). */
export const webhookEventTypes = (events: Record<string, EventDefinition>): string[] => [
  ...new Set(
    Object.values(events)
      .map((def) => `${def.service}.${def.name}`)
      .filter((type) => !WEBHOOK_PRIVATE_EVENT_TYPES.includes(type)),
  ),
];

/** The patterns that match no receivable event type of the catalogue (each a mistake of the caller). */
export const unknownWebhookPatterns = (patterns: readonly string[], types: readonly string[]): string[] =>
  patterns.filter((pattern) => !types.some((type) => webhookPatternMatches(pattern, type)));
