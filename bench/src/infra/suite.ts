import { randomBytes } from 'node:crypto';
import { buildApps } from '@vv/testing';
import { generateVAPIDKeys } from 'web-push';
import { spawnApp, waitReady, type Child } from './children';
import { portFree, type BenchEnvironment } from './environment';
import { say } from './util';

const base = Number(process.env.BENCH_PORT_BASE ?? 3900);

/** Ports of what the bench runs (BENCH_PORT_BASE moves them all, default 3900). */
export const PORTS = {
  gateway: base,
  identity: base + 1,
  messaging: base + 2,
  direct: base + 3,
  limitedGateway: base + 4,
  rawWs: base + 5,
  notifications: base + 6,
} as const;

/**
 * Limits high enough never to refuse the bench's single client (scenarios 1–5); the stream's
 * per-user socket cap too, so a socket still closing from the previous round does not count.
 */
const UNLIMITED = {
  RATE_LIMIT_IP_PER_MINUTE: '1000000000',
  RATE_LIMIT_AUTH_IP_PER_MINUTE: '1000000000',
  RATE_LIMIT_USER_PER_MINUTE: '1000000000',
  STREAM_MAX_CONNECTIONS_PER_USER: '1000',
  // Every load generator connects from 127.0.0.1: the fan-out scenario opens 5,000 sockets from it.
  MAX_CONNECTIONS_PER_IP: '100000',
  // A static in-flight limit of 64 (no arm has more open): the arms measure throughput, not shedding.
  MIN_IN_FLIGHT_REQUESTS: '64',
};

export type AppName = 'identity' | 'messaging' | 'gateway' | 'gateway-limited' | 'notifications';

export interface Suite {
  /** The gateway with limits raised (read, write, scale, fan-out). */
  gatewayUrl: string;
  /** A second gateway with the default limits and TRUST_PROXY on (overload); absent unless asked for. */
  limitedGatewayUrl?: string;
  apps: Partial<Record<AppName, Child>>;
  /** Pool size of every app (DB_POOL_SIZE), which the direct arm copies. */
  poolSize: number;
}

export const POOL_SIZE = 10;

/**
 * Builds the apps (stale ones only), then starts identity, then messaging and the gateway(s), as
 * `npm start` does (child processes running the compiled apps, each waited for on /health/ready), on the bench's database and
 * subject prefix, with production settings and info logs (one line per request) to
 * .data/bench/logs/<app>.log.
 */
export async function startSuite(environment: BenchEnvironment, withLimitedGateway: boolean): Promise<Suite> {
  const ports: number[] = [PORTS.identity, PORTS.messaging, PORTS.gateway];
  if (withLimitedGateway) ports.push(PORTS.limitedGateway);
  for (const port of ports) {
    if (!(await portFree(port)))
      throw new Error(`port ${port} is in use: stop what uses it or set BENCH_PORT_BASE`);
  }
  say('building the apps');
  await buildApps(['identity', 'messaging', 'gateway', 'notifications']);
  const common = appEnvironment(environment);
  const apps: Suite['apps'] = {};
  say('starting identity');
  apps.identity = spawnApp('identity', 'identity', {
    ...common,
    IDENTITY_HTTP_PORT: String(PORTS.identity),
    // Tokens outlive a full run (20 min); the default is 15 min.
    ACCESS_TOKEN_TTL_SECONDS: '7200',
    INVITATION_TOKEN_SECRET: randomBytes(36).toString('base64'),
  });
  await waitReady(apps.identity, `http://127.0.0.1:${PORTS.identity}/health/ready`);
  say(`starting messaging and the gateway${withLimitedGateway ? 's' : ''}`);
  const gatewayEnv = { ...common, HOST: '127.0.0.1', SERVICES: 'identity,messaging' };
  apps.messaging = spawnMessaging(environment, false);
  apps.gateway = spawnApp('gateway', 'gateway', {
    ...gatewayEnv,
    ...UNLIMITED,
    PORT: String(PORTS.gateway),
  });
  if (withLimitedGateway) {
    apps['gateway-limited'] = spawnApp('gateway-limited', 'gateway', {
      ...gatewayEnv,
      PORT: String(PORTS.limitedGateway),
      // Default limits; each simulated client names its own address, as behind a proxy.
      TRUST_PROXY: 'true',
    });
  }
  await Promise.all([
    waitReady(apps.messaging, `http://127.0.0.1:${PORTS.messaging}/health/ready`),
    waitReady(apps.gateway, `http://127.0.0.1:${PORTS.gateway}/health/ready`),
    apps['gateway-limited'] &&
      waitReady(apps['gateway-limited'], `http://127.0.0.1:${PORTS.limitedGateway}/health/ready`),
  ]);
  return {
    gatewayUrl: `http://127.0.0.1:${PORTS.gateway}`,
    limitedGatewayUrl: withLimitedGateway ? `http://127.0.0.1:${PORTS.limitedGateway}` : undefined,
    apps,
    poolSize: POOL_SIZE,
  };
}

/** What every app of the suite runs with: the bench's database and prefix, production settings. */
/**
 * Messaging with its read cache off (every read reaches PostgreSQL: what scenarios 1, 2 and 4
 * measure) or on, in process (the cached-read scenario). Redis is never the bench's subject.
 */
function spawnMessaging(environment: BenchEnvironment, cached: boolean): Child {
  const env: NodeJS.ProcessEnv = {
    ...appEnvironment(environment),
    MESSAGING_HTTP_PORT: String(PORTS.messaging),
    READ_CACHE_MAX_ENTRIES: cached ? '10000' : '0',
  };
  delete env.REDIS_URL;
  return spawnApp('messaging', 'messaging', env);
}

/** Restarts messaging with its read cache on or off; returns its new process. */
export async function restartMessaging(
  environment: BenchEnvironment,
  suite: Suite,
  cached: boolean,
): Promise<Child> {
  await suite.apps.messaging?.stop();
  const child = spawnMessaging(environment, cached);
  suite.apps.messaging = child;
  await waitReady(child, `http://127.0.0.1:${PORTS.messaging}/health/ready`);
  return child;
}

function appEnvironment(environment: BenchEnvironment): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    DATABASE_URL: environment.databaseUrl,
    NATS_URL: environment.natsUrl,
    SUBJECT_PREFIX: environment.prefix,
    DB_POOL_SIZE: String(POOL_SIZE),
    MIGRATE_ON_START: 'true',
  };
}

/**
 * Starts notifications (only the consume scenario needs it: started late, it would first work
 * through every event the earlier scenarios wrote) and waits until it is ready.
 */
export async function startNotifications(environment: BenchEnvironment): Promise<Child> {
  if (!(await portFree(PORTS.notifications))) {
    throw new Error(`port ${PORTS.notifications} is in use: stop what uses it or set BENCH_PORT_BASE`);
  }
  const vapid = generateVAPIDKeys();
  const child = spawnApp('notifications', 'notifications', {
    ...appEnvironment(environment),
    NOTIFICATIONS_HTTP_PORT: String(PORTS.notifications),
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
  });
  await waitReady(child, `http://127.0.0.1:${PORTS.notifications}/health/ready`);
  return child;
}
