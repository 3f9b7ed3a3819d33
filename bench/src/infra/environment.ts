import { accessSync, constants, mkdirSync, readdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { delimiter, join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { spawnCommand, tail, type Child } from './children';
import { WORK_DIR, errorMessage, say, waitUntil } from './util';

/** The bench's own database and subject prefix: it never touches dev data (`virtual_village`, `vv`). */
export const BENCH_DATABASE = 'virtual_village_bench';
export const BENCH_PREFIX = 'vvbench';

export interface BenchEnvironment {
  /** PostgreSQL server URL without a database path. */
  serverUrl: string;
  /** The bench database (dropped and recreated by every run). */
  databaseUrl: string;
  natsUrl: string;
  prefix: string;
  /** pgbench's path, or why there is none. */
  pgbench: { path: string } | { missing: string };
  /** A nats-server the bench started because none answered (stopped at the end). */
  startedNats?: Child;
}

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432';
const LOCAL_NATS = 'nats://127.0.0.1:4222';

function serverOf(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '';
  return parsed.toString().replace(/\/$/, '');
}

export function findExecutable(name: string, extraDirs: readonly string[] = []): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return null;
}

/** Debian/Ubuntu install PostgreSQL's client programs under /usr/lib/postgresql/<version>/bin too. */
function postgresBinDirs(): string[] {
  try {
    return readdirSync('/usr/lib/postgresql')
      .sort((a, b) => Number(b) - Number(a))
      .map((version) => `/usr/lib/postgresql/${version}/bin`);
  } catch {
    return [];
  }
}

/** First line a TCP server sends (NATS sends INFO), '' when it sends nothing, null when nothing listens. */
function probeTcp(host: string, port: number, timeoutMs = 1000): Promise<string | null> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    let received = '';
    let connected = false;
    const finish = (result: string | null): void => {
      socket.destroy();
      done(result);
    };
    socket.setTimeout(timeoutMs, () => finish(connected ? received : null));
    socket.on('connect', () => (connected = true));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (received.includes('\n')) finish(received.split('\n', 1)[0].trim());
    });
    socket.on('error', () => finish(null));
  });
}

export async function portFree(port: number): Promise<boolean> {
  return (await probeTcp('127.0.0.1', port, 500)) === null;
}

async function resolveNats(): Promise<{ natsUrl: string; startedNats?: Child }> {
  if (process.env.NATS_URL) return { natsUrl: process.env.NATS_URL };
  const first = await probeTcp('127.0.0.1', 4222);
  if (first !== null) {
    if (!first.startsWith('INFO ')) throw new Error('127.0.0.1:4222 is in use by something that is not NATS');
    if (!first.includes('"jetstream":true'))
      throw new Error('the NATS server on 127.0.0.1:4222 has JetStream off');
    return { natsUrl: LOCAL_NATS };
  }
  const binary = findExecutable('nats-server', ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin']);
  if (!binary) {
    throw new Error(
      'no NATS on 127.0.0.1:4222 and no nats-server to start: install it (apt-get install nats-server) or set NATS_URL',
    );
  }
  const store = join(WORK_DIR, 'nats');
  mkdirSync(store, { recursive: true });
  say(`starting ${binary} on 127.0.0.1:4222 (JetStream store in ${store})`);
  const child = spawnCommand('nats-server', binary, ['-a', '127.0.0.1', '-p', '4222', '-js', '-sd', store]);
  const up = await waitUntil(async () => (await probeTcp('127.0.0.1', 4222)) !== null, 15_000);
  if (!up) throw new Error(`nats-server did not start:\n${tail(child.logFile)}`);
  return { natsUrl: LOCAL_NATS, startedNats: child };
}

/** Finds PostgreSQL, NATS and pgbench; starts a nats-server when none answers. */
export async function resolveEnvironment(): Promise<BenchEnvironment> {
  const serverUrl = process.env.DATABASE_URL ? serverOf(process.env.DATABASE_URL) : LOCAL_POSTGRES;
  const probe = new Client({ connectionString: `${serverUrl}/postgres`, connectionTimeoutMillis: 3000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL does not answer at ${serverUrl} (${errorMessage(error)}): start it (bash .ci/run does) or set DATABASE_URL`,
    );
  } finally {
    await probe.end().catch(() => undefined);
  }
  const { natsUrl, startedNats } = await resolveNats();
  const pgbenchPath = findExecutable('pgbench', postgresBinDirs());
  return {
    serverUrl,
    databaseUrl: `${serverUrl}/${BENCH_DATABASE}`,
    natsUrl,
    prefix: BENCH_PREFIX,
    pgbench: pgbenchPath
      ? { path: pgbenchPath }
      : { missing: 'pgbench is not installed (Debian: apt-get install postgresql-client)' },
    startedNats,
  };
}

/** Drops (closing its connections) and recreates the bench database. */
export async function recreateDatabase(environment: BenchEnvironment): Promise<void> {
  await dropDatabase(environment);
  const admin = new Client({ connectionString: `${environment.serverUrl}/postgres` });
  await admin.connect();
  try {
    await admin.query(`create database ${BENCH_DATABASE}`);
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(environment: BenchEnvironment): Promise<void> {
  const admin = new Client({ connectionString: `${environment.serverUrl}/postgres` });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${BENCH_DATABASE} with (force)`);
  } finally {
    await admin.end();
  }
}

/** Deletes every JetStream stream under the bench's prefix. */
export async function deleteBenchStreams(environment: BenchEnvironment): Promise<void> {
  const nc = await connect({ servers: environment.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const mine = `${environment.prefix.toUpperCase()}_`;
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(mine)) await jsm.streams.delete(name);
    }
  } finally {
    await nc.close();
  }
}
