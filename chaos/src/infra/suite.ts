import { randomBytes } from 'node:crypto';
import type { ServiceName } from '@vv/contracts';
import { buildApps, compiledEntry } from '@vv/testing';
import { generateVAPIDKeys } from 'web-push';
import { AppProcess, type AppSpec } from './app-process';
import { PORTS } from './ports';
import { say } from './util';

export interface SuiteEnv {
  databaseUrl: string;
  natsUrl: string;
  prefix: string;
  s3Env: Record<string, string>;
  logDir: string;
}

/** Limits far above the run's load: the run measures faults, not the gateway's abuse limits. */
const UNLIMITED = {
  RATE_LIMIT_IP_PER_MINUTE: '1000000000',
  RATE_LIMIT_AUTH_IP_PER_MINUTE: '1000000000',
  RATE_LIMIT_USER_PER_MINUTE: '1000000000',
  MAX_IN_FLIGHT_REQUESTS: '1024',
  MIN_IN_FLIGHT_REQUESTS: '1024',
  MAX_CONNECTIONS_PER_IP: '100000',
  STREAM_MAX_CONNECTIONS_PER_USER: '100',
};

/** The port variable of each service, as apps.ts of `npm start` names them. */
const PORT_ENV: Record<Exclude<ServiceName, 'gateway'>, string> = {
  identity: 'IDENTITY_HTTP_PORT',
  messaging: 'MESSAGING_HTTP_PORT',
  calendar: 'CALENDAR_HTTP_PORT',
  files: 'FILES_HTTP_PORT',
  notifications: 'NOTIFICATIONS_HTTP_PORT',
};

/** Every app of the suite: messaging with two replicas (two outbox relays), the others with one. */
function specs(env: SuiteEnv): AppSpec[] {
  const vapid = generateVAPIDKeys();
  const common: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'info',
    DATABASE_URL: env.databaseUrl,
    NATS_URL: env.natsUrl,
    SUBJECT_PREFIX: env.prefix,
    MIGRATE_ON_START: 'true',
    // Tokens outlive the longest run.
    ACCESS_TOKEN_TTL_SECONDS: '7200',
    INVITATION_TOKEN_SECRET: randomBytes(36).toString('base64'),
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    SMTP_URL: `smtp://127.0.0.1:${PORTS.smtp}`,
    ...env.s3Env,
  };
  const service = (name: string, of: Exclude<ServiceName, 'gateway'>, port: number): AppSpec => ({
    name,
    service: of,
    entry: compiledEntry(of),
    httpPort: port,
    env: { ...common, [PORT_ENV[of]]: String(port) },
  });
  return [
    service('identity', 'identity', PORTS.identity),
    service('messaging-1', 'messaging', PORTS.messaging[0]),
    service('messaging-2', 'messaging', PORTS.messaging[1]),
    service('calendar', 'calendar', PORTS.calendar),
    service('files', 'files', PORTS.files),
    service('notifications', 'notifications', PORTS.notifications),
    {
      name: 'gateway',
      service: 'gateway',
      entry: compiledEntry('gateway'),
      httpPort: PORTS.gateway,
      env: { ...common, ...UNLIMITED, HOST: '127.0.0.1', PORT: String(PORTS.gateway) },
    },
  ];
}

/** The suite as child processes on the run's ports, database, NATS and subject prefix. */
export class Suite {
  readonly apps: AppProcess[];
  readonly gatewayUrl = `http://127.0.0.1:${PORTS.gateway}`;

  constructor(env: SuiteEnv) {
    this.apps = specs(env).map((spec) => new AppProcess(spec, env.logDir));
  }

  /** The apps built as `npm start` builds them (stale ones only), then identity first (the others ask it at start), then every other app together. */
  async start(): Promise<void> {
    say('building the apps');
    await buildApps([...new Set(this.apps.map((app) => app.spec.service))]);
    const [identity, ...rest] = this.apps;
    say('starting identity');
    identity.start();
    await identity.waitReady();
    say(`starting ${rest.map((app) => app.name).join(', ')}`);
    for (const app of rest) app.start();
    await Promise.all(rest.map((app) => app.waitReady()));
  }

  app(name: string): AppProcess {
    const found = this.apps.find((app) => app.name === name);
    if (!found) throw new Error(`no app ${name}`);
    return found;
  }

  replicas(service: ServiceName): AppProcess[] {
    return this.apps.filter((app) => app.spec.service === service);
  }

  async stop(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.stop()));
  }
}
