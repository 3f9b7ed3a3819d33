import 'reflect-metadata';
import { createServiceApp, loadConfig, type RunningApp } from '@vv/platform';
import { notificationsConfigSchema } from './config';
import { MailModule } from './mail/mail.module';
import { NOTIFICATIONS_MIGRATIONS_DIR } from './migrations';

/** Notifications: a pure subscriber of other services' events; today, the invitation email. */
export async function createNotificationsApp(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningApp> {
  const config = loadConfig(notificationsConfigSchema, env);
  return createServiceApp({
    service: 'notifications',
    config,
    modules: [MailModule],
    port: config.NOTIFICATIONS_HTTP_PORT,
    migrationsDir: NOTIFICATIONS_MIGRATIONS_DIR,
  });
}
