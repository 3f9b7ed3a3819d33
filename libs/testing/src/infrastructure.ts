import { Socket } from 'node:net';

export interface Infrastructure {
  /** A server URL whose database is used only to create and drop per-suite databases. */
  adminDatabaseUrl: string;
  natsUrl: string;
}

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_NATS = 'nats://127.0.0.1:4222';

const reachable = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
    socket.connect(port, host);
  });

const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

/** Starts PostgreSQL and NATS containers when a Docker engine answers; undefined when none does. */
async function fromTestcontainers(): Promise<Infrastructure | undefined> {
  try {
    const { getContainerRuntimeClient, GenericContainer, Wait } = await import('testcontainers');
    await getContainerRuntimeClient();
    const postgres = await new GenericContainer('postgres:16')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    const nats = await new GenericContainer('nats:2.10').withCommand(['-js']).withExposedPorts(4222).start();
    return {
      adminDatabaseUrl: `postgres://postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/postgres`,
      natsUrl: `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`,
    };
  } catch {
    return undefined;
  }
}

let found: Promise<Infrastructure> | undefined;

/**
 * Where the tests' PostgreSQL and NATS are: `DATABASE_URL`/`NATS_URL` when given, else the
 * services on localhost's default ports, else containers when a Docker engine answers.
 */
export function infrastructure(): Promise<Infrastructure> {
  found ??= (async () => {
    const envDb = process.env.DATABASE_URL;
    const envNats = process.env.NATS_URL;
    const adminDatabaseUrl = envDb ? withDatabase(envDb, 'postgres') : LOCAL_POSTGRES;
    const natsUrl = envNats ?? LOCAL_NATS;
    if (envDb && envNats) return { adminDatabaseUrl, natsUrl };
    const [pgUp, natsUp] = await Promise.all([
      envDb ? true : reachable('127.0.0.1', 5432),
      envNats ? true : reachable('127.0.0.1', 4222),
    ]);
    if (pgUp && natsUp) return { adminDatabaseUrl, natsUrl };
    const containers = await fromTestcontainers();
    if (containers) return containers;
    throw new Error(
      'Tests need PostgreSQL and NATS (JetStream): set DATABASE_URL and NATS_URL, run them on ' +
        '127.0.0.1:5432 and :4222 (bash .ci/run starts them), or provide a Docker engine.',
    );
  })();
  return found;
}

export { withDatabase };
