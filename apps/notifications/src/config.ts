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
});

export type NotificationsConfig = z.output<typeof notificationsConfigSchema>;

/** The accept page of invitation links. */
export const inviteAcceptUrl = (config: NotificationsConfig): string =>
  config.INVITE_ACCEPT_URL ?? `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/invitations/accept`;
