import * as path from 'node:path';
import { ACCESS_SQL_DIR } from '@vv/access';
import { PLATFORM_SQL_DIR, runMigrations, type Logger, type MigrationSource } from '@vv/platform';
import type { MessagingConfig } from './config';

/** `db/messaging`: messaging's forward-only SQL. */
export const MESSAGING_MIGRATIONS_DIR = path.join(__dirname, '../../../db/messaging');

/** The membership replica of libs/access, installed in the messaging schema between the platform's SQL and ours. */
export const MESSAGING_SHARED_SQL: MigrationSource[] = [{ name: 'access', dir: ACCESS_SQL_DIR }];

export function migrateMessaging(config: MessagingConfig, logger?: Logger): Promise<string[]> {
  return runMigrations({
    databaseUrl: config.DATABASE_URL,
    schema: 'messaging',
    sources: [
      { name: 'platform', dir: PLATFORM_SQL_DIR },
      ...MESSAGING_SHARED_SQL,
      { name: 'messaging', dir: MESSAGING_MIGRATIONS_DIR },
    ],
    logger,
  });
}
