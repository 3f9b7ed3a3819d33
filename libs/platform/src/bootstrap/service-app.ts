import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { Global, Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceName } from '@vv/contracts';
import type { Server } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';
import type { BaseConfig, DatabaseConfig } from '../config/config';
import { Database } from '../db/database';
import { createLogger, PinoNestLogger, type Logger } from '../logging/logger';
import { PLATFORM_SQL_DIR, runMigrations, type MigrationSource } from '../migrations/migration-runner';
import { connectNats, type NatsConnection } from '../nats/nats-connection';
import { Health } from '../ops/health';
import { Metrics } from '../ops/metrics';
import { registerOpsRoutes } from '../ops/ops-routes';
import { IdempotencyKeys } from '../idempotency/idempotency-keys';
import { OutboxRelay } from '../outbox/outbox-relay';
import { EventConsumersModule } from '../consumer/event-consumers.module';
import { healthCheckHandler } from '../transport/health-check.handler';
import { NatsClientProxy } from '../transport/nats-client-proxy';
import { NatsTransport } from '../transport/nats-transport';
import { CONFIG, LOGGER, NATS, SERVICE } from './platform.tokens';

export interface PlatformServices {
  logger: Logger;
  metrics: Metrics;
  health: Health;
  nc: NatsConnection;
  /** Sends commands (Nest's ClientProxy); injectable as `NatsClientProxy`. */
  client: NatsClientProxy;
  /** Serves the app's `@Command` handlers (Nest's custom transport strategy). */
  transport: NatsTransport;
  /** Present when the app owns a schema. */
  db?: Database;
}

export interface ServiceAppOptions<C extends BaseConfig> {
  service: ServiceName;
  config: C;
  /** The app's domain modules. */
  modules: Array<Type | DynamicModule>;
  port: number;
  host?: string;
  /** `db/<service>`: given when the app owns a schema (migrations, a pool, the outbox relay). */
  migrationsDir?: string;
  /**
   * Shared SQL a lib installs in the service's schema (e.g. libs/access's membership replica),
   * applied after the platform's SQL and before `migrationsDir`; used only with `migrationsDir`.
   */
  migrationSources?: MigrationSource[];
  /** Fastify's options, `http` (the Node server's own: timeouts) included. */
  fastify?: FastifyHttpOptions<Server>;
  /** Runs after Nest is initialised and before the HTTP port opens (the gateway adds its routes here). */
  configure?: (app: NestFastifyApplication, services: PlatformServices) => Promise<void> | void;
}

export interface RunningApp {
  app: NestFastifyApplication;
  url: string;
  services: PlatformServices;
  close(): Promise<void>;
}

const databaseConfig = (config: BaseConfig): DatabaseConfig => {
  const candidate = config as BaseConfig & Partial<DatabaseConfig>;
  if (!candidate.DATABASE_URL) throw new Error('An app that owns a schema needs the database config');
  return candidate as DatabaseConfig;
};

/**
 * Builds one app of the suite: NATS, its schema (migrated), the pool, a Nest microservice on
 * NatsTransport serving its `@Command` handlers (hybrid with the HTTP app), the outbox relay, health
 * and metrics, and a Fastify HTTP port. Every app starts this way, so each of these is done one way.
 */
export async function createServiceApp<C extends BaseConfig>(
  options: ServiceAppOptions<C>,
): Promise<RunningApp> {
  const { service, config } = options;
  const logger = createLogger(service, config.LOG_LEVEL);
  const metrics = new Metrics(service);
  const health = new Health();
  const nc = await connectNats(config.NATS_URL, service, logger);
  // What start has acquired, undone in reverse if a later step fails, so a failed start leaks no connection.
  const undo: Array<() => Promise<unknown>> = [() => nc.close()];
  try {
    health.add('nats', async () => {
      if (nc.isClosed()) throw new Error('connection closed');
      await nc.flush();
    });

    let db: Database | undefined;
    let relay: OutboxRelay | undefined;
    let idempotency: IdempotencyKeys | undefined;
    if (options.migrationsDir) {
      const dbConfig = databaseConfig(config);
      if (dbConfig.MIGRATE_ON_START) {
        await runMigrations({
          databaseUrl: dbConfig.DATABASE_URL,
          schema: service,
          sources: serviceMigrationSources(service, options.migrationsDir, options.migrationSources),
          logger,
        });
      }
      db = new Database({
        url: dbConfig.DATABASE_URL,
        poolSize: dbConfig.DB_POOL_SIZE,
        statementTimeoutMs: dbConfig.DB_STATEMENT_TIMEOUT_MS,
        idleTimeoutMs: dbConfig.DB_IDLE_TIMEOUT_MS,
        connectTimeoutMs: dbConfig.DB_CONNECT_TIMEOUT_MS,
        applicationName: service,
      });
      await db.connect();
      const opened = db;
      undo.push(() => opened.close());
      const database = db;
      health.add('postgres', () => database.ping());
      idempotency = new IdempotencyKeys(db, service, logger);
      relay = new OutboxRelay({
        db,
        databaseUrl: dbConfig.DATABASE_URL,
        schema: service,
        service,
        nc,
        prefix: config.SUBJECT_PREFIX,
        logger,
        metrics,
        pollIntervalMs: dbConfig.OUTBOX_POLL_INTERVAL_MS,
      });
    }

    const natsOptions = {
      nc,
      prefix: config.SUBJECT_PREFIX,
      metrics,
      defaultTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
    };
    const transport = new NatsTransport({
      ...natsOptions,
      service,
      logger,
      maxInFlight: config.RPC_MAX_IN_FLIGHT,
      idempotency,
      checkPreparedResponses: config.NODE_ENV !== 'production',
    });
    const client = new NatsClientProxy(natsOptions);
    const services: PlatformServices = { logger, metrics, health, nc, client, transport, db };

    const app = await NestFactory.create<NestFastifyApplication>(
      rootModule(options.modules, platformProviders(service, config, services), service),
      new FastifyAdapter({ ...options.fastify, loggerInstance: undefined }),
      { logger: new PinoNestLogger(logger), abortOnError: false },
    );
    undo.push(() => app.close());
    // Not inheriting the HTTP app's global enhancers: the gateway's problem+json filter is HTTP's.
    app.connectMicroservice<MicroserviceOptions>({ strategy: transport });
    registerOpsRoutes(app.getHttpAdapter().getInstance(), health, metrics);
    await app.init();
    await app.startAllMicroservices();
    await options.configure?.(app, services);
    await relay?.start();
    undo.push(() => relay?.stop() ?? Promise.resolve());
    idempotency?.start();
    await app.listen({ port: options.port, host: options.host ?? '0.0.0.0' });
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const url = `http://127.0.0.1:${port}`;
    logger.info({ url }, `${service} ready`);

    let closing: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        await transport.close();
        idempotency?.stop();
        await relay?.stop();
        await app.close();
        await nc.drain().catch(() => undefined);
        await db?.close();
      })());

    return { app, url, services, close };
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw error;
  }
}

/** What a service's schema is built from, in order: the platform's SQL, shared lib SQL, the service's own. */
export function serviceMigrationSources(
  service: string,
  migrationsDir: string,
  shared: MigrationSource[] = [],
): MigrationSource[] {
  const sources = [
    { name: 'platform', dir: PLATFORM_SQL_DIR },
    ...shared,
    { name: service, dir: migrationsDir },
  ];
  const names = new Set(sources.map((source) => source.name));
  if (names.size !== sources.length) {
    throw new Error(
      `Migration sources of ${service} must have distinct names: ${sources.map((s) => s.name).join(', ')}`,
    );
  }
  return sources;
}

function platformProviders(service: ServiceName, config: BaseConfig, services: PlatformServices): Provider[] {
  const providers: Provider[] = [
    { provide: SERVICE, useValue: service },
    { provide: CONFIG, useValue: config },
    { provide: LOGGER, useValue: services.logger },
    { provide: NATS, useValue: services.nc },
    { provide: Metrics, useValue: services.metrics },
    { provide: Health, useValue: services.health },
    { provide: NatsClientProxy, useValue: services.client },
  ];
  if (services.db) providers.push({ provide: Database, useValue: services.db });
  return providers;
}

function rootModule(
  modules: Array<Type | DynamicModule>,
  providers: Provider[],
  service: ServiceName,
): DynamicModule {
  @Global()
  @Module({})
  class PlatformModule {}

  @Module({})
  class RootModule {}

  const platform: DynamicModule = {
    module: PlatformModule,
    providers,
    exports: providers,
    controllers: [healthCheckHandler(service)],
  };
  return { module: RootModule, imports: [platform, DiscoveryModule, EventConsumersModule, ...modules] };
}

/** Runs an app as the process's main: stops it cleanly on SIGINT/SIGTERM, exits non-zero if it cannot start. */
export function runMain(start: () => Promise<RunningApp>): void {
  start().then(
    (running) => {
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        running.services.logger.info({ signal }, 'stopping');
        running.close().then(
          () => process.exit(0),
          (error: unknown) => {
            running.services.logger.error({ err: error }, 'stop failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
