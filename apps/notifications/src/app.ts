import 'reflect-metadata';
import { AccessModule } from '@vv/access';
import { createServiceApp, loadConfig, type RunningApp } from '@vv/platform';
import { notificationsConfigSchema } from './config';
import { InboxModule } from './inbox/inbox.module';
import { MailModule } from './mail/mail.module';
import { NOTIFICATIONS_MIGRATIONS_DIR, NOTIFICATIONS_SHARED_SQL } from './migrations';
import { PreferencesModule } from './preferences/preferences.module';
import { PushModule } from './push/push.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/**
 * Notifications: a subscriber of other services' events: the invitation email, webhooks, in-app
 * notifications (with preferences, delivered live on the stream and by Web Push). Village
 * membership comes from the libs/access replica.
 */
export async function createNotificationsApp(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningApp> {
  const config = loadConfig(notificationsConfigSchema, env);
  return createServiceApp({
    service: 'notifications',
    config,
    modules: [
      AccessModule.forService({ service: 'notifications' }),
      MailModule,
      WebhooksModule,
      PreferencesModule,
      PushModule,
      InboxModule,
    ],
    port: config.NOTIFICATIONS_HTTP_PORT,
    migrationsDir: NOTIFICATIONS_MIGRATIONS_DIR,
    migrationSources: NOTIFICATIONS_SHARED_SQL,
  });
}
