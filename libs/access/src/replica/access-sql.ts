import { join } from 'node:path';

/**
 * `libs/access/sql`: the replica's tables and functions, templated with `{{schema}}`. A service
 * applies it after the platform's SQL and before its own:
 * `migrationSources: [{ name: 'access', dir: ACCESS_SQL_DIR }]`.
 */
export const ACCESS_SQL_DIR = join(__dirname, '..', '..', 'sql');
