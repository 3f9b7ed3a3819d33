import { randomUUID } from 'node:crypto';
import { createTestDatabase, startTcpProxy, type TcpProxy, type TestDatabase } from '@vv/testing';
import { sqlSource } from '../../test/sql-source';
import { ServiceError } from '../errors/service-error';
import { IdempotencyKeys } from '../idempotency/idempotency-keys';
import { createLogger } from '../logging/logger';
import { PLATFORM_SQL_DIR, runMigrations } from '../migrations/migration-runner';
import { Database } from './database';

const SCHEMA = 'notes';

const NOTES_SQL = `
create table {{schema}}.notes (id uuid primary key default {{schema}}.uuid_v7(), body text not null);

create or replace function {{schema}}.create_note(p_body text) returns uuid
language sql volatile
set search_path = pg_catalog, pg_temp
as $$ insert into {{schema}}.notes (body) values (p_body) returning id; $$;

create or replace function {{schema}}.count_notes() returns bigint
language sql stable
set search_path = pg_catalog, pg_temp
as $$ select count(*) from {{schema}}.notes; $$;
`;

const errorOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('Database', () => {
  const logger = createLogger('database-test', process.env.TEST_LOG_LEVEL ?? 'silent');
  let database: TestDatabase;
  let db: Database;

  const createNote = async (body: string): Promise<string> =>
    (await db.one<{ createNote: string }>(`${SCHEMA}.create_note`, { body })).createNote;
  const countNotes = async (): Promise<number> =>
    Number((await db.one<{ countNotes: string }>(`${SCHEMA}.count_notes`)).countNotes);

  beforeAll(async () => {
    database = await createTestDatabase();
    const notes = await sqlSource('notes', { '0001_notes.sql': NOTES_SQL });
    try {
      await runMigrations({
        databaseUrl: database.url,
        schema: SCHEMA,
        sources: [{ name: 'platform', dir: PLATFORM_SQL_DIR }, notes],
      });
    } finally {
      await notes.remove();
    }
    db = new Database({
      url: database.url,
      poolSize: 4,
      statementTimeoutMs: 10_000,
      idleTimeoutMs: 10_000,
      applicationName: 'database-test',
    });
    await db.connect();
  });

  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  describe('when PostgreSQL goes away', () => {
    let proxy: TcpProxy;
    let viaProxy: Database;

    beforeAll(async () => {
      const target = new URL(database.url);
      proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
      viaProxy = new Database({
        url: proxy.via(database.url),
        poolSize: 2,
        statementTimeoutMs: 5_000,
        idleTimeoutMs: 10_000,
        connectTimeoutMs: 2_000,
        applicationName: 'database-outage-test',
      });
      await viaProxy.connect();
    });

    afterAll(async () => {
      await viaProxy.close();
      await proxy.close();
    });

    it('answers unavailable with a retry delay — for pooled connections cut and for refused connects — and recovers', async () => {
      await viaProxy.call(`${SCHEMA}.count_notes`);
      await proxy.cut();
      for (let attempt = 0; attempt < 3; attempt++) {
        const error = await errorOf(viaProxy.call(`${SCHEMA}.count_notes`));
        expect(error).toBeInstanceOf(ServiceError);
        expect(error).toMatchObject({ code: 'unavailable', details: { retryAfterSeconds: 5 } });
      }
      const inTransaction = await errorOf(viaProxy.transaction((tx) => tx.call(`${SCHEMA}.count_notes`)));
      expect(inTransaction).toMatchObject({ code: 'unavailable' });
      await proxy.restore();
      await expect(viaProxy.call(`${SCHEMA}.count_notes`)).resolves.toHaveLength(1);
    });
  });

  it('answers a call whose function changed its result columns after the call was prepared', async () => {
    const echo = async (columns: string): Promise<void> => {
      await db.dataSource.query(`drop function if exists ${SCHEMA}.echo(integer)`);
      await db.dataSource.query(
        `create function ${SCHEMA}.echo(p_value integer) returns table (${columns}) language sql stable ` +
          `as $$ select p_value, p_value $$`,
      );
    };
    await echo('a integer, b integer');
    // Every connection of the pool prepares the call before the function changes.
    await Promise.all(Array.from({ length: 4 }, () => db.call(`${SCHEMA}.echo`, { value: 1 })));
    await echo('a integer, c integer');
    const rows = await Promise.all(Array.from({ length: 4 }, () => db.call(`${SCHEMA}.echo`, { value: 2 })));
    expect(rows).toEqual(Array.from({ length: 4 }, () => [{ a: 2, c: 2 }]));
  });

  describe('withinTransaction', () => {
    it('makes every call of its async context, nested transactions included, commit or roll back as one', async () => {
      const before = await countNotes();
      const failed = await errorOf(
        db.withinTransaction(async () => {
          await createNote('a');
          await db.transaction(async (tx) => tx.call(`${SCHEMA}.create_note`, { body: 'b' }));
          expect(await countNotes()).toBe(before + 2);
          throw new Error('boom');
        }),
      );
      expect(failed).toEqual(new Error('boom'));
      expect(await countNotes()).toBe(before);

      await db.withinTransaction(async () => {
        await createNote('c');
        await createNote('d');
      });
      expect(await countNotes()).toBe(before + 2);
    });
  });

  describe('IdempotencyKeys', () => {
    const keys = (): IdempotencyKeys => new IdempotencyKeys(db, SCHEMA, logger);
    const command = (key: string, body: string, userId = USER) => ({
      userId,
      key,
      command: 'notes.note.create.v1',
      request: { body, tags: { b: 1, a: 2 } },
    });
    const USER = randomUUID();

    it('runs a command once per key: a retry gets the first answer and creates nothing', async () => {
      const key = randomUUID();
      const before = await countNotes();
      const first = await keys().run(command(key, 'once'), async () => ({ id: await createNote('once') }));
      const again = await keys().run(command(key, 'once'), async () => ({ id: await createNote('once') }));
      expect(again).toEqual(first);
      expect(await countNotes()).toBe(before + 1);
      // Key order does not make another request; another user's same key is another key.
      const reordered = { ...command(key, 'once'), request: { tags: { a: 2, b: 1 }, body: 'once' } };
      expect(await keys().run(reordered, async () => ({ id: await createNote('x') }))).toEqual(first);
      const other = await keys().run(command(key, 'once', randomUUID()), async () => ({
        id: await createNote('other user'),
      }));
      expect(other).not.toEqual(first);
      expect(await countNotes()).toBe(before + 2);
    });

    it('refuses the same key with another request, and changes nothing', async () => {
      const key = randomUUID();
      await keys().run(command(key, 'first'), async () => ({ id: await createNote('first') }));
      const before = await countNotes();
      const error = await errorOf(
        keys().run(command(key, 'second'), async () => ({ id: await createNote('second') })),
      );
      expect(error).toMatchObject({ code: 'idempotency_key_reused' });
      expect(await countNotes()).toBe(before);
    });

    it('keeps nothing of a command that failed, so its retry runs', async () => {
      const key = randomUUID();
      const before = await countNotes();
      const error = await errorOf(
        keys().run(command(key, 'fails'), async () => {
          await createNote('written, then rolled back');
          throw new ServiceError('conflict', 'no');
        }),
      );
      expect(error).toMatchObject({ code: 'conflict' });
      expect(await countNotes()).toBe(before);
      const retried = await keys().run(command(key, 'fails'), async () => ({ id: await createNote('ok') }));
      expect(retried).toEqual({ id: expect.any(String) });
      expect(await countNotes()).toBe(before + 1);
    });

    it('runs concurrent requests with one key once: the second waits for the first and gets its answer', async () => {
      const key = randomUUID();
      const before = await countNotes();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const first = keys().run(command(key, 'race'), async () => {
        const id = await createNote('race');
        entered();
        await held;
        return { id };
      });
      await inside;
      let secondRan = false;
      const second = keys().run(command(key, 'race'), async () => {
        secondRan = true;
        return { id: await createNote('race again') };
      });
      release();
      const [a, b] = await Promise.all([first, second]);
      expect(b).toEqual(a);
      expect(secondRan).toBe(false);
      expect(await countNotes()).toBe(before + 1);
    });
  });
});
