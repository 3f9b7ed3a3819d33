import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Building blocks for each app's config schema, so every app reads a variable the same way. */
export const env = {
  bool,
  int: (min = 0) => z.coerce.number().int().min(min),
  port: () => z.coerce.number().int().min(0).max(65535),
  url: () => z.url(),
  string: () => z.string().min(1),
  list: () =>
    z.string().transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    ),
};

/** Variables every app reads. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Prefix of every NATS subject and stream, so several apps can share one NATS. */
  SUBJECT_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*$/, 'lower-case letters, digits, _ and -')
    .default('vv'),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  NATS_REQUEST_TIMEOUT_MS: env.int(1).default(5000),
  /** Commands a replica works on at once; more are refused at once (503 + Retry-After). */
  RPC_MAX_IN_FLIGHT: env.int(1).default(64),
});

/** Variables of every app that owns a schema. */
export const databaseConfigSchema = z.object({
  DATABASE_URL: env.url().default('postgres://postgres@127.0.0.1:5432/virtual_village'),
  DB_POOL_SIZE: env.int(1).default(10),
  DB_STATEMENT_TIMEOUT_MS: env.int(1).default(5000),
  DB_IDLE_TIMEOUT_MS: env.int(1).default(30000),
  /** How long a call waits for a pooled or new connection before answering `unavailable` (503). */
  DB_CONNECT_TIMEOUT_MS: env.int(1).default(5000),
  MIGRATE_ON_START: bool.default(true),
  /** How often the outbox relay polls when no NOTIFY arrives. */
  OUTBOX_POLL_INTERVAL_MS: env.int(10).default(1000),
  /** Replicas to rebuild from their owner's snapshot at this start (`all`/`true`, or names; see libs/access). */
  REPLICA_REBUILD: env.list().default([]),
  /** How often replica tombstones older than the event stream's retention are purged (0: never). */
  TOMBSTONE_PURGE_INTERVAL_MS: env.int(0).default(3_600_000),
});

/** Variables of an app with a read cache (libs/platform/src/cache, docs/performance.md). */
export const readCacheConfigSchema = z.object({
  /** Shares the read cache between replicas through Redis; unset: one cache in each process. */
  REDIS_URL: env.url().optional(),
  /** How long a cached read lives at most (the safety net behind event invalidation). */
  READ_CACHE_TTL_MS: env.int(1).default(60_000),
  /** Entries each process keeps at most in memory (least recently used go first); 0 without Redis: no cache. */
  READ_CACHE_MAX_ENTRIES: env.int(0).default(10_000),
});

export type BaseConfig = z.output<typeof baseConfigSchema>;
export type DatabaseConfig = z.output<typeof databaseConfigSchema>;
export type ReadCacheConfig = z.output<typeof readCacheConfigSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Validates the environment once at start. Every problem is listed in one error, so a
 * misconfigured deployment fails with a message that names each variable.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  source: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  const values = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = schema.safeParse(values);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return result.data;
}
