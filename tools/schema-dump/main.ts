// Writes (or with --check, verifies) db/<service>/schema.sql: the schema every migration of a
// service produces, dumped from a scratch database so reviewers see schema changes as a diff.
// Either way it fails on a function that breaks db/CONVENTIONS.md's machine-checkable rules.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ACCESS_SQL_DIR } from '@vv/access';
import { PLATFORM_SQL_DIR, runMigrations, type MigrationSource } from '@vv/platform';
import { createTestDatabase } from '@vv/testing';

const run = promisify(execFile);
const DB_DIR = join(__dirname, '..', '..', 'db');

/** Library SQL a service installs in its schema between the platform's and its own (as its app does). */
const SHARED_SQL: Record<string, MigrationSource[]> = {
  messaging: [{ name: 'access', dir: ACCESS_SQL_DIR }],
  calendar: [{ name: 'access', dir: ACCESS_SQL_DIR }],
  files: [{ name: 'access', dir: ACCESS_SQL_DIR }],
  notifications: [{ name: 'access', dir: ACCESS_SQL_DIR }],
};

/** pg_dump's output minus the lines that name its version or vary between runs. */
const normalise = (dump: string): string =>
  dump
    .split('\n')
    .filter(
      (line) =>
        !/^-- Dumped (from|by)/.test(line) && !/^\\(un)?restrict /.test(line) && !line.startsWith('SET '),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .concat('\n');

/**
 * Functions of the schema that break a rule of db/CONVENTIONS.md: no `set search_path`, or
 * `language sql` (with that setting never inlined, so planned again at every call before PostgreSQL 18).
 */
async function conventionBreaches(databaseUrl: string, service: string): Promise<string[]> {
  const { stdout } = await run('psql', [
    databaseUrl,
    '-AtXc',
    `select p.oid::regprocedure || ': ' || concat_ws(', ',
              case when l.lanname = 'sql' then 'language sql (write it in plpgsql)' end,
              case when not coalesce(p.proconfig::text like '%search_path=pg_catalog, pg_temp%', false)
                   then 'no set search_path = pg_catalog, pg_temp' end)
       from pg_proc p
       join pg_language l on l.oid = p.prolang
      where p.pronamespace = '${service}'::regnamespace
        and (l.lanname = 'sql' or not coalesce(p.proconfig::text like '%search_path=pg_catalog, pg_temp%', false))
      order by 1`,
  ]);
  return stdout.split('\n').filter(Boolean);
}

async function dumpSchema(service: string): Promise<string> {
  const database = await createTestDatabase();
  try {
    await runMigrations({
      databaseUrl: database.url,
      schema: service,
      sources: [
        { name: 'platform', dir: PLATFORM_SQL_DIR },
        ...(SHARED_SQL[service] ?? []),
        { name: service, dir: join(DB_DIR, service) },
      ],
    });
    const breaches = await conventionBreaches(database.url, service);
    if (breaches.length) {
      throw new Error(`${service}: functions against db/CONVENTIONS.md:\n  ${breaches.join('\n  ')}`);
    }
    const { stdout } = await run(
      'pg_dump',
      ['--schema-only', '--no-owner', '--no-privileges', `--schema=${service}`, database.url],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    return normalise(stdout);
  } finally {
    await database.drop();
  }
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const services = (await readdir(DB_DIR, { withFileTypes: true })).filter((entry) => entry.isDirectory());
  let drifted = 0;
  for (const { name: service } of services) {
    const target = join(DB_DIR, service, 'schema.sql');
    const dump = await dumpSchema(service);
    if (!check) {
      await writeFile(target, dump);
      console.log(`wrote ${target}`);
      continue;
    }
    const committed = existsSync(target) ? await readFile(target, 'utf8') : '';
    if (committed !== dump) {
      drifted += 1;
      console.error(`${target} does not match the migrations: run \`npm run schema:dump\` and commit it`);
    } else {
      console.log(`${target} matches the migrations`);
    }
  }
  if (drifted) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
