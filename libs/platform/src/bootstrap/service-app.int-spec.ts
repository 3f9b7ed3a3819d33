import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { createTestEnvironment, eventually, type TestEnvironment } from '@vv/testing';
import { Client } from 'pg';
import { baseConfigSchema, databaseConfigSchema, loadConfig } from '../config/config';
import { createServiceApp } from './service-app';

@Injectable()
class FailsAtInit implements OnModuleInit {
  onModuleInit(): void {
    throw new Error('init failed on purpose');
  }
}

@Module({ providers: [FailsAtInit] })
class FailingModule {}

describe('createServiceApp', () => {
  let t: TestEnvironment;
  let migrations: string;

  beforeAll(async () => {
    t = await createTestEnvironment();
    migrations = await mkdtemp(join(tmpdir(), 'vv-app-'));
    await writeFile(join(migrations, '0001_nothing.sql'), 'create table notifications.nothing (id int);');
  });

  afterAll(async () => {
    await rm(migrations, { recursive: true, force: true });
    await t.cleanup();
  });

  const connectionsOf = async (applicationName: string): Promise<number> => {
    const client = new Client({ connectionString: t.database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ count: string }>(
        'select count(*) from pg_stat_activity where datname = current_database() and application_name = $1',
        [applicationName],
      );
      return Number(rows[0]?.count);
    } finally {
      await client.end();
    }
  };

  it('closes what it opened when a later start step fails', async () => {
    const config = loadConfig(baseConfigSchema.extend(databaseConfigSchema.shape), t.env);
    await expect(
      createServiceApp({
        service: 'notifications',
        config,
        modules: [FailingModule],
        port: 0,
        migrationsDir: migrations,
      }),
    ).rejects.toThrow('init failed on purpose');
    // The pool (application_name = the service) was opened before Nest's init failed.
    await eventually(async () => expect(await connectionsOf('notifications')).toBe(0));
  });
});
