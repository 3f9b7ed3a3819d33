import * as path from 'node:path';
import { ACCESS_SQL_DIR } from '@vv/access';
import { PLATFORM_SQL_DIR, runMigrations, type Logger, type MigrationSource } from '@vv/platform';
import type { NotificationsConfig } from './config';

/** `db/notifications`: notifications' forward-only SQL, applied after the platform's. */
export const NOTIFICATIONS_MIGRATIONS_DIR = path.join(__dirname, '../../../db/notifications');

/**
 * The membership replica of libs/access (broadcast audiences, members who left), installed in the
 * notifications schema between the platform's SQL and ours.
 */
export const NOTIFICATIONS_SHARED_SQL: MigrationSource[] = [{ name: 'access', dir: ACCESS_SQL_DIR }];

export function migrateNotifications(config: NotificationsConfig, logger?: Logger): Promise<string[]> {
  return runMigrations({
    databaseUrl: config.DATABASE_URL,
    schema: 'notifications',
    sources: [
      { name: 'platform', dir: PLATFORM_SQL_DIR },
      ...NOTIFICATIONS_SHARED_SQL,
      { name: 'notifications', dir: NOTIFICATIONS_MIGRATIONS_DIR },
    ],
    logger,
  });
}
