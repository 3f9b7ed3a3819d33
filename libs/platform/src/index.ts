// The platform's public API: the one way each of these is done in every app.
export {
  baseConfigSchema,
  databaseConfigSchema,
  readCacheConfigSchema,
  env,
  loadConfig,
  ConfigError,
} from './config/config';
export type { BaseConfig, DatabaseConfig, ReadCacheConfig } from './config/config';
export { ReadCache } from './cache/read-cache';
export type { ReadCacheOptions } from './cache/read-cache';
export { ReadCacheModule } from './cache/read-cache.module';
export { ServiceError, toContractError } from './errors/service-error';
export { fromPgError } from './errors/sqlstate';
export { createLogger, withRequestContext, currentRequestId, PinoNestLogger } from './logging/logger';
export type { Logger } from './logging/logger';
export { Database, SESSION_OPTIONS } from './db/database';
export type { DatabaseOptions, SqlCaller } from './db/database';
export {
  runMigrations,
  readMigrations,
  MigrationError,
  PLATFORM_SQL_DIR,
} from './migrations/migration-runner';
export type { MigrationOptions, MigrationSource } from './migrations/migration-runner';
export { connectNats } from './nats/nats-connection';
export type { NatsConnection } from './nats/nats-connection';
export { NatsTransport } from './transport/nats-transport';
export type { NatsTransportOptions } from './transport/nats-transport';
export { NatsClientProxy } from './transport/nats-client-proxy';
export { startCommandServer } from './transport/command-server';
export type { CallOptions, NatsClientProxyOptions } from './transport/nats-client-proxy';
export { Command, commandPattern } from './transport/command.decorator';
export type { CommandOptions } from './transport/command.decorator';
export { CommandContext, requireActor, validTraceparent } from './transport/command-context';
export type { Actor } from './transport/command-context';
export { fieldErrors } from './transport/field-errors';
export { respondData, respondError } from './transport/command-reply';
export { PreparedJson, type Answer } from './transport/prepared-json';
export {
  JSON_MAX_DEPTH,
  jsonNestsDeeperThan,
  parseBoundedJson,
  parseBoundedJsonBytes,
  tooDeepError,
} from './json/bounded-json';
export { encodeCursor, decodeCursor, pageOf, cursorTimestamp, timeIdKey } from './paging/page-cursor';
export type { PageKey, TimeIdKey } from './paging/page-cursor';
export { IdempotencyKeys, IDEMPOTENCY_KEY_TTL_SECONDS } from './idempotency/idempotency-keys';
export type { IdempotentCommand } from './idempotency/idempotency-keys';
export { OutboxRelay } from './outbox/outbox-relay';
export { ensureServiceStream, EVENT_RETENTION_MS } from './outbox/event-stream';
export { ensureFeedStream, feedStreamName, FEED_SERVICES } from './outbox/feed-stream';
export type { OutboxRelayOptions } from './outbox/outbox-relay';
export { OnEvent, OnEvents } from './consumer/on-event.decorator';
export type {
  DurableDescription,
  DurableHook,
  DurableOptions,
  DurableSwitch,
  EventOf,
} from './consumer/on-event.decorator';
export { EventConsumersExplorer } from './consumer/event-consumers.explorer';
export { EventConsumersModule } from './consumer/event-consumers.module';
export { backoffDelayMs, backoffSchedule } from './retry/backoff-policy';
export type { BackoffPolicy } from './retry/backoff-policy';
export { LeasedQueueWorker } from './worker/leased-queue-worker';
export type { LeasedQueueWorkerOptions } from './worker/leased-queue-worker';
export { runPeriodically } from './consumer/periodic';
export type { Periodic } from './consumer/periodic';
export { DEAD_LETTER_HEADERS, deadLetterStreamName } from './consumer/dead-letter';
export { Metrics } from './ops/metrics';
export { Health } from './ops/health';
export type { HealthCheck } from './ops/health';
export { registerOpsRoutes } from './ops/ops-routes';
export { createServiceApp, runMain, serviceMigrationSources } from './bootstrap/service-app';
export type { PlatformServices, RunningApp, ServiceAppOptions } from './bootstrap/service-app';
export { CONFIG, LOGGER, NATS, SERVICE } from './bootstrap/platform.tokens';
