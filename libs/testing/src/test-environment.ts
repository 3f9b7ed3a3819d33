import { createTestDatabase, type TestDatabase } from './test-database';
import { deleteStreams, testSubjectPrefix } from './test-nats';
import { infrastructure } from './infrastructure';

export interface TestEnvironment {
  /** The variables an app reads: a fresh database, its own subject prefix, ephemeral ports. */
  env: Record<string, string>;
  database: TestDatabase;
  prefix: string;
  natsUrl: string;
  /** Closes what was handed to `track` (last first), drops the database and the streams. */
  cleanup(): Promise<void>;
  track<T extends { close(): Promise<void> }>(closable: T): T;
}

/** Everything a test file needs to boot apps in-process against real PostgreSQL and NATS. */
export async function createTestEnvironment(extra: Record<string, string> = {}): Promise<TestEnvironment> {
  const { natsUrl } = await infrastructure();
  const database = await createTestDatabase();
  const prefix = testSubjectPrefix();
  const closables: Array<{ close(): Promise<void> }> = [];
  return {
    database,
    prefix,
    natsUrl,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DATABASE_URL: database.url,
      NATS_URL: natsUrl,
      SUBJECT_PREFIX: prefix,
      MIGRATE_ON_START: 'true',
      DB_POOL_SIZE: '5',
      PORT: '0',
      IDENTITY_HTTP_PORT: '0',
      OUTBOX_POLL_INTERVAL_MS: '200',
      ...extra,
    },
    track(closable) {
      closables.push(closable);
      return closable;
    },
    async cleanup() {
      for (const closable of closables.reverse()) await closable.close();
      await deleteStreams(prefix);
      await database.drop();
    },
  };
}
