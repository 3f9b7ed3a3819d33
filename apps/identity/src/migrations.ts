import * as path from 'node:path';
import { PLATFORM_SQL_DIR, runMigrations, type Logger } from '@vv/platform';
import type { IdentityConfig } from './config';

/** `db/identity`: identity's forward-only SQL, applied after the platform's. */
export const IDENTITY_MIGRATIONS_DIR = path.join(__dirname, '../../../db/identity');

/** Applies pending migrations of the identity schema; resolves with the files applied. */
export function migrateIdentity(config: IdentityConfig, logger?: Logger): Promise<string[]> {
  return runMigrations({
    databaseUrl: config.DATABASE_URL,
    schema: 'identity',
    sources: [
      { name: 'platform', dir: PLATFORM_SQL_DIR },
      { name: 'identity', dir: IDENTITY_MIGRATIONS_DIR },
    ],
    logger,
  });
}
