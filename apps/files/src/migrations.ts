import * as path from 'node:path';
import { ACCESS_SQL_DIR } from '@vv/access';
import { PLATFORM_SQL_DIR, runMigrations, type Logger, type MigrationSource } from '@vv/platform';
import type { FilesConfig } from './config';

/** `db/files`: files's forward-only SQL. */
export const FILES_MIGRATIONS_DIR = path.join(__dirname, '../../../db/files');

/** The membership replica of libs/access, installed in the files schema between the platform's SQL and ours. */
export const FILES_SHARED_SQL: MigrationSource[] = [{ name: 'access', dir: ACCESS_SQL_DIR }];

export function migrateFiles(config: FilesConfig, logger?: Logger): Promise<string[]> {
  return runMigrations({
    databaseUrl: config.DATABASE_URL,
    schema: 'files',
    sources: [
      { name: 'platform', dir: PLATFORM_SQL_DIR },
      ...FILES_SHARED_SQL,
      { name: 'files', dir: FILES_MIGRATIONS_DIR },
    ],
    logger,
  });
}
