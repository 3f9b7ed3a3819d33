import * as path from 'node:path';
import { PLATFORM_SQL_DIR, runMigrations, type Logger } from '@vv/platform';
import type { NotificationsConfig } from './config';

/** `db/notifications`: notifications' forward-only SQL, applied after the platform's. */
export const NOTIFICATIONS_MIGRATIONS_DIR = path.join(__dirname, '../../../db/notifications');

export function migrateNotifications(config: NotificationsConfig, logger?: Logger): Promise<string[]> {
  return runMigrations({
    databaseUrl: config.DATABASE_URL,
    schema: 'notifications',
    sources: [
      { name: 'platform', dir: PLATFORM_SQL_DIR },
      { name: 'notifications', dir: NOTIFICATIONS_MIGRATIONS_DIR },
    ],
    logger,
  });
}
