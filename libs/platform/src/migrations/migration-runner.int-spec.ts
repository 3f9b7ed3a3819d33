import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@vv/testing';
import { Client } from 'pg';
import {
  MigrationError,
  PLATFORM_SQL_DIR,
  readMigrations,
  runMigrations,
  type MigrationSource,
} from './migration-runner';

describe('runMigrations', () => {
  let database: TestDatabase;
  let client: Client;
  let dirs: string[] = [];
  let schemaCount = 0;

  /** A directory of migration files written by the test. */
  const sourceWith = async (files: Record<string, string>): Promise<MigrationSource> => {
    const dir = await mkdtemp(join(tmpdir(), 'vv-migrations-'));
    dirs.push(dir);
    for (const [name, sql] of Object.entries(files)) await writeFile(join(dir, name), sql);
    return { name: 'app', dir };
  };
  const freshSchema = (): string => `mig_${++schemaCount}`;
  const appliedIds = async (schema: string): Promise<string[]> =>
    (await client.query<{ id: string }>(`select id from ${schema}.schema_migrations order by id`)).rows.map(
      (row) => row.id,
    );
  const tableExists = async (name: string): Promise<boolean> =>
    (await client.query<{ found: boolean }>('select to_regclass($1) is not null as found', [name])).rows[0]
      .found;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await database.drop();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    dirs = [];
  });

  it('applies pending files in order and is a no-op the second time', async () => {
    const schema = freshSchema();
    const app = await sourceWith({
      '0002_second.sql':
        'create table {{schema}}.second (id int references {{schema}}.first (id) on delete cascade);',
      '0001_first.sql': 'create table {{schema}}.first (id int primary key);',
    });
    const options = {
      databaseUrl: database.url,
      schema,
      sources: [{ name: 'platform', dir: PLATFORM_SQL_DIR }, app],
    };

    const first = await runMigrations(options);
    expect(first).toEqual([
      'platform/0001_platform.sql',
      'platform/0002_idempotency.sql',
      'platform/0004_inbox_batches.sql',
      'app/0001_first.sql',
      'app/0002_second.sql',
    ]);
    expect(await tableExists(`${schema}.outbox`)).toBe(true);
    expect(await tableExists(`${schema}.second`)).toBe(true);

    expect(await runMigrations(options)).toEqual([]);
    expect(await appliedIds(schema)).toEqual([
      'app/0001_first.sql',
      'app/0002_second.sql',
      'platform/0001_platform.sql',
      'platform/0002_idempotency.sql',
      'platform/0004_inbox_batches.sql',
    ]);
  });

  it('applies each file exactly once when two runners start at the same time', async () => {
    const schema = freshSchema();
    // Plain `create table` fails if run twice, so a race would reject one of the runners.
    const app = await sourceWith({
      '0001_a.sql': 'create table {{schema}}.a (id int primary key); select pg_sleep(0.2);',
      '0002_b.sql': 'create table {{schema}}.b (id int primary key);',
    });
    const options = {
      databaseUrl: database.url,
      schema,
      sources: [{ name: 'platform', dir: PLATFORM_SQL_DIR }, app],
    };

    const [one, two] = await Promise.all([runMigrations(options), runMigrations(options)]);

    const all = [
      'platform/0001_platform.sql',
      'platform/0002_idempotency.sql',
      'platform/0004_inbox_batches.sql',
      'app/0001_a.sql',
      'app/0002_b.sql',
    ];
    expect([...one, ...two].sort()).toEqual([...all].sort());
    expect([one, two]).toContainEqual(all);
    expect([one, two]).toContainEqual([]);
    expect(await appliedIds(schema)).toEqual([...all].sort());
  });

  it('refuses an applied file whose text was edited', async () => {
    const schema = freshSchema();
    const app = await sourceWith({ '0001_items.sql': 'create table {{schema}}.items (id int primary key);' });
    const options = { databaseUrl: database.url, schema, sources: [app] };
    await runMigrations(options);

    await writeFile(
      join(app.dir, '0001_items.sql'),
      'create table {{schema}}.items (id bigint primary key);',
    );
    const attempt = runMigrations(options);
    await expect(attempt).rejects.toThrow(MigrationError);
    await expect(attempt).rejects.toThrow(/app\/0001_items\.sql was edited after it was applied/);
  });

  it('rolls back a failing migration and does not record it', async () => {
    const schema = freshSchema();
    const app = await sourceWith({
      '0001_ok.sql': 'create table {{schema}}.ok (id int primary key);',
      '0002_broken.sql':
        'create table {{schema}}.half (id int primary key);\ninsert into {{schema}}.nowhere values (1);',
    });
    const options = { databaseUrl: database.url, schema, sources: [app] };

    const attempt = runMigrations(options);
    await expect(attempt).rejects.toThrow(MigrationError);
    await expect(attempt).rejects.toThrow(/app\/0002_broken\.sql failed/);
    expect(await appliedIds(schema)).toEqual(['app/0001_ok.sql']);
    expect(await tableExists(`${schema}.ok`)).toBe(true);
    expect(await tableExists(`${schema}.half`)).toBe(false);

    // Never applied, so it may still be fixed; the next run applies only it.
    await writeFile(join(app.dir, '0002_broken.sql'), 'create table {{schema}}.half (id int primary key);');
    expect(await runMigrations(options)).toEqual(['app/0002_broken.sql']);
    expect(await tableExists(`${schema}.half`)).toBe(true);
  });

  it('releases its lock after a failure, so the next runner is not blocked', async () => {
    const schema = freshSchema();
    const app = await sourceWith({ '0001_bad.sql': 'select 1/0;' });
    await expect(runMigrations({ databaseUrl: database.url, schema, sources: [app] })).rejects.toThrow(
      MigrationError,
    );
    const locks = await client.query(
      "select 1 from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())",
    );
    expect(locks.rowCount).toBe(0);
  });

  it('refuses misnamed files and bad schema names', async () => {
    const app = await sourceWith({ '1_Bad-Name.sql': 'select 1;' });
    await expect(readMigrations(app, 'x')).rejects.toThrow(/expected NNNN_snake_case\.sql/);
    await expect(
      runMigrations({ databaseUrl: database.url, schema: 'bad-schema; drop', sources: [] }),
    ).rejects.toThrow(/Invalid schema name/);
  });
});
