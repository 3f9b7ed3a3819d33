import { Database, PLATFORM_SQL_DIR, runMigrations } from '@vv/platform';
import { createTestDatabase, type TestDatabase } from '@vv/testing';
import { ACCESS_SQL_DIR } from '../src/replica/access-sql';

/** A fresh database with the platform's and libs/access's SQL in `schema`, and a pool on it. */
export async function replicaDatabase(schema: string): Promise<{ database: TestDatabase; db: Database }> {
  const database = await createTestDatabase();
  await runMigrations({
    databaseUrl: database.url,
    schema,
    sources: [
      { name: 'platform', dir: PLATFORM_SQL_DIR },
      { name: 'access', dir: ACCESS_SQL_DIR },
    ],
  });
  const db = new Database({
    url: database.url,
    poolSize: 5,
    statementTimeoutMs: 10_000,
    idleTimeoutMs: 10_000,
    applicationName: 'access-test',
  });
  await db.connect();
  return { database, db };
}
