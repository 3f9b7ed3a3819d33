import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';

/** The platform's own SQL (outbox, inbox, uuid_v7), installed in every service schema. */
export const PLATFORM_SQL_DIR = join(__dirname, '..', '..', 'sql');

const FILE_NAME = /^\d{4}_[a-z0-9_]+\.sql$/;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

export interface MigrationSource {
  /** Recorded with each file name, e.g. `platform` or `identity`. */
  name: string;
  dir: string;
}

export interface MigrationOptions {
  databaseUrl: string;
  schema: string;
  /** Applied in this order; each source's files in file-name order. */
  sources: MigrationSource[];
  logger?: Logger;
}

export interface MigrationFile {
  id: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/** Reads a source's files, with `{{schema}}` replaced, each with the checksum of its text. */
export async function readMigrations(source: MigrationSource, schema: string): Promise<MigrationFile[]> {
  // schema.sql is the generated dump of the result, not a migration.
  const names = (await readdir(source.dir))
    .filter((name) => name.endsWith('.sql') && name !== 'schema.sql')
    .sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    if (!FILE_NAME.test(name))
      throw new MigrationError(`${source.dir}/${name}: expected NNNN_snake_case.sql`);
    const sql = (await readFile(join(source.dir, name), 'utf8')).replaceAll('{{schema}}', schema);
    files.push({
      id: `${source.name}/${name}`,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  return files;
}

/**
 * Applies pending migrations of one schema, each in its own transaction. A session-level advisory
 * lock serialises replicas starting at once; an applied file whose text changed is refused, since
 * migrations are forward-only and never edited after they land.
 */
export async function runMigrations(options: MigrationOptions): Promise<string[]> {
  const { schema } = options;
  if (!SCHEMA_NAME.test(schema)) throw new MigrationError(`Invalid schema name: ${schema}`);
  const files = (await Promise.all(options.sources.map((source) => readMigrations(source, schema)))).flat();
  const client = new Client({ connectionString: options.databaseUrl, application_name: `${schema}-migrate` });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [`vv.migrate.${schema}`]);
    await client.query(`create schema if not exists ${schema}`);
    await client.query(
      `create table if not exists ${schema}.schema_migrations (
         id text primary key, checksum text not null, applied_at timestamptz not null default now())`,
    );
    const { rows } = await client.query<{ id: string; checksum: string }>(
      `select id, checksum from ${schema}.schema_migrations`,
    );
    const applied = new Map(rows.map((row) => [row.id, row.checksum]));
    const done: string[] = [];
    for (const file of files) {
      const checksum = applied.get(file.id);
      if (checksum !== undefined) {
        if (checksum !== file.checksum) {
          throw new MigrationError(`${file.id} was edited after it was applied; add a new migration instead`);
        }
        continue;
      }
      await client.query('begin');
      try {
        await client.query(file.sql);
        await client.query(`insert into ${schema}.schema_migrations (id, checksum) values ($1, $2)`, [
          file.id,
          file.checksum,
        ]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new MigrationError(`${file.id} failed: ${(error as Error).message}`);
      }
      options.logger?.info({ migration: file.id }, 'migration applied');
      done.push(file.id);
    }
    return done;
  } finally {
    await client.query('select pg_advisory_unlock_all()').catch(() => undefined);
    await client.end();
  }
}
