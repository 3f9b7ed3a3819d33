import * as path from 'node:path';
import { ACCESS_SQL_DIR } from '@vv/access';
import { PLATFORM_SQL_DIR, runMigrations, type Logger, type MigrationSource } from '@vv/platform';
import type { CalendarConfig } from './config';

/** `db/calendar`: calendar's forward-only SQL. */
export const CALENDAR_MIGRATIONS_DIR = path.join(__dirname, '../../../db/calendar');

/** The membership replica of libs/access, installed in the calendar schema between the platform's SQL and ours. */
export const CALENDAR_SHARED_SQL: MigrationSource[] = [{ name: 'access', dir: ACCESS_SQL_DIR }];

export function migrateCalendar(config: CalendarConfig, logger?: Logger): Promise<string[]> {
  return runMigrations({
    databaseUrl: config.DATABASE_URL,
    schema: 'calendar',
    sources: [
      { name: 'platform', dir: PLATFORM_SQL_DIR },
      ...CALENDAR_SHARED_SQL,
      { name: 'calendar', dir: CALENDAR_MIGRATIONS_DIR },
    ],
    logger,
  });
}
