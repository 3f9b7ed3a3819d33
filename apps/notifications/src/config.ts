import { baseConfigSchema, databaseConfigSchema, env } from '@vv/platform';
import { z } from 'zod';

/** Every variable notifications reads, validated at start (documented in .env.example). */
export const notificationsConfigSchema = baseConfigSchema.extend(databaseConfigSchema.shape).extend({
  NOTIFICATIONS_HTTP_PORT: env.port().default(3105),
  /** Where mail goes: `smtp://host:port` (plain, STARTTLS when offered) or `smtps://user:pass@host:465`. */
  SMTP_URL: env.string().default('smtp://127.0.0.1:1025'),
  /** The From of every email. */
  MAIL_FROM: env.string().default('Virtual Village <no-reply@virtual-village.local>'),
  /** The app's public address; links in emails start here. */
  PUBLIC_BASE_URL: env.url().default('http://localhost:3000'),
  /** The page that accepts an invitation; the link is `<this>?token=…`. Default `${PUBLIC_BASE_URL}/invitations/accept`. */
  INVITE_ACCEPT_URL: env.url().optional(),
  /** How often the mail sender looks for due mail when nothing woke it. */
  MAIL_POLL_INTERVAL_MS: env.int(10).default(1000),
  /** A mail being sent is retried after this long if its sender died (crash between SMTP and the mark). */
  MAIL_LEASE_MS: env.int(1000).default(60_000),
  /** Attempts before a mail is marked failed (logged and counted). */
  MAIL_MAX_ATTEMPTS: env.int(1).default(8),
  /** Events older than this (a first start replaying the streams, a long outage) make no notification; 0: no limit. */
  NOTIFY_MAX_EVENT_AGE_HOURS: env.int(0).default(72),
  /**
   * The VAPID key pair that signs Web Push requests (base64url, as `npx web-push generate-vapid-keys`
   * prints them). Required in production; elsewhere a pair is generated at start when both are unset.
   */
  VAPID_PUBLIC_KEY: env.string().optional(),
  VAPID_PRIVATE_KEY: env.string().optional(),
  /** How push services reach the sender: a `mailto:` or `https:` URL. */
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)\S+$/, 'a mailto: or https:// URL')
    .default('mailto:no-reply@virtual-village.local'),
  /** Lets push endpoints be plain http and private, loopback or link-local addresses (tests only). */
  PUSH_ALLOW_PRIVATE: env.bool.default(false),
  /** How often the push sender looks for due pushes when nothing woke it. */
  PUSH_POLL_INTERVAL_MS: env.int(10).default(1000),
  /** A push being sent is retried after this long if its sender died. */
  PUSH_LEASE_MS: env.int(1000).default(60_000),
  /** Attempts before a push is marked failed (logged and counted). */
  PUSH_MAX_ATTEMPTS: env.int(1).default(8),
  /** How long a push service keeps a push for an offline browser (the TTL header). */
  PUSH_TTL_SECONDS: env.int(0).default(86_400),
  /** A push request is abandoned (and retried) after this. */
  PUSH_TIMEOUT_MS: env.int(100).default(10_000),
  /** Pushes sent at once by one replica. */
  PUSH_CONCURRENCY: env.int(1).default(10),
  /** Subscriptions (browsers) one user keeps; registering one more drops the least recently registered. */
  PUSH_SUBSCRIPTIONS_PER_USER: env.int(1).default(20),
  /** Lets webhooks reach private, loopback and link-local addresses (tests, a trusted network only). */
  WEBHOOK_ALLOW_PRIVATE: env.bool.default(false),
  /** Seals webhook secrets at rest (AES-256-GCM); unset: stored as given. ≥ 32 characters. */
  WEBHOOK_SECRET_KEY: z.string().min(32).optional(),
  /** A webhook request (connect to last byte of the answer's headers) is abandoned after this. */
  WEBHOOK_TIMEOUT_MS: env.int(100).default(10_000),
  /** Wait after the first failed attempt; doubled after each further one, up to the max, with jitter. */
  WEBHOOK_BACKOFF_BASE_MS: env.int(1).default(30_000),
  WEBHOOK_BACKOFF_MAX_MS: env.int(1).default(2 * 3600_000),
  /** Attempts before a delivery is dead-lettered (status dead; redeliverable by hand). */
  WEBHOOK_MAX_ATTEMPTS: env.int(1).default(12),
  /** A webhook whose deliveries have all failed for this long is disabled and its creator notified. */
  WEBHOOK_DISABLE_AFTER_MS: env.int(0).default(24 * 3600_000),
  /** How often the webhook worker looks for due deliveries when nothing woke it. */
  WEBHOOK_POLL_INTERVAL_MS: env.int(10).default(1000),
  /** A worker's claim on a delivery; after it (the worker died), the delivery is tried again. */
  WEBHOOK_LEASE_MS: env.int(1000).default(60_000),
  /** Succeeded and dead deliveries are forgotten this long after their last change; 0 keeps them. */
  WEBHOOK_LOG_RETENTION_DAYS: env.int(0).default(30),
});

export type NotificationsConfig = z.output<typeof notificationsConfigSchema>;

/** The accept page of invitation links. */
export const inviteAcceptUrl = (config: NotificationsConfig): string =>
  config.INVITE_ACCEPT_URL ?? `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/invitations/accept`;
