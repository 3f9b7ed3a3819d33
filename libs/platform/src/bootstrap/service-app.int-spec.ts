import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { defineCommand, healthCheckCommand, type ParsedRequestOf } from '@vv/contracts';
import { createTestEnvironment, eventually, type TestEnvironment } from '@vv/testing';
import { Client } from 'pg';
import { z } from 'zod';
import { baseConfigSchema, databaseConfigSchema, loadConfig } from '../config/config';
import { Command } from '../transport/command.decorator';
import { createServiceApp } from './service-app';

const count = defineCommand({
  service: 'notifications',
  name: 'test.count',
  version: 1,
  summary: 'Counts its runs, after the test lets it',
  request: z.object({ word: z.string() }),
  response: z.object({ word: z.string(), run: z.number() }),
});

let runs = 0;
let gate: Promise<void> = Promise.resolve();
let entered: () => void = () => undefined;

@Controller()
class CountHandler {
  @Command(count)
  async count(@Payload() { word }: ParsedRequestOf<typeof count>): Promise<{ word: string; run: number }> {
    runs += 1;
    entered();
    await gate;
    return { word, run: runs };
  }
}

@Module({ controllers: [CountHandler] })
class CountModule {}

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

  it("serves its modules' @Command handlers and its health check; an idempotent command runs once", async () => {
    const config = loadConfig(baseConfigSchema.extend(databaseConfigSchema.shape), t.env);
    const running = await createServiceApp({
      service: 'notifications',
      config,
      modules: [CountModule],
      port: 0,
      migrationsDir: migrations,
    });
    try {
      const { client } = running.services;
      await expect(client.call(healthCheckCommand('notifications'), {})).resolves.toMatchObject({
        status: 'ok',
      });
      const actor = { userId: '0190a0b0-0000-7000-8000-000000000001', sessionId: 's-1' };
      const once = { actor, idempotencyKey: 'key-1' };
      const first = await client.call(count, { word: 'a' }, once);
      await expect(client.call(count, { word: 'a' }, once)).resolves.toEqual(first);
      await expect(client.call(count, { word: 'b' }, once)).rejects.toMatchObject({
        code: 'idempotency_key_reused',
      });
      const without = await client.call(count, { word: 'a' }, { actor });
      expect(without.run).toBe(first.run + 1);

      // Closing stops taking commands but lets the one in flight answer.
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      const handling = new Promise<void>((resolve) => (entered = resolve));
      const answer = client.call(count, { word: 'late' });
      answer.catch(() => undefined); // awaited below
      await handling;
      let closed = false;
      const closing = running.close().then(() => (closed = true));
      // Once nobody answers the service's subjects any more, only the answer in flight is awaited.
      await eventually(() =>
        expect(
          client.call(healthCheckCommand('notifications'), {}, { timeoutMs: 500 }),
        ).rejects.toMatchObject({ code: 'unavailable' }),
      );
      expect(closed).toBe(false);
      release();
      await expect(answer).resolves.toMatchObject({ word: 'late' });
      await closing;
    } finally {
      await running.close();
    }
  });

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
