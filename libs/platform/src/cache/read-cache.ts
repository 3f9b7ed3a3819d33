import type { Counter } from 'prom-client';
import type { Logger } from '../logging/logger';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Metrics } from '../ops/metrics';
import { MemoryStore } from './memory-store';
import { RedisStore, type RedisTicket } from './redis-store';

export interface ReadCacheOptions {
  /** The app; names the Redis keys and the invalidation subject. */
  service: string;
  prefix: string;
  nc: NatsConnection;
  logger: Logger;
  metrics: Metrics;
  /** Shared through Redis when set; in process otherwise. */
  redisUrl?: string;
  ttlMs: number;
  maxEntries: number;
  /** How long a Redis load lock lets other replicas wait for its value. */
  lockMs?: number;
}

/** One load in flight in this process; an invalidation marks it stale so its result is not stored. */
interface Flight {
  promise: Promise<unknown>;
  stale: boolean;
}

const textDecoder = new TextDecoder();

/**
 * get-or-load for hot reads, invalidated by key. Misses of one key in the process share one load
 * (single flight); a load that an invalidation overtook returns its value to its callers but does
 * not store it; the TTL bounds what a lost invalidation costs. In process by default (an LRU
 * per replica; invalidations are broadcast on `<prefix>.cache.<service>.invalidate` to every
 * replica, and a NATS reconnect empties it, since broadcasts may have been missed). With Redis,
 * one shared copy: a generation counter per key guards the store, and a short lock lets one
 * replica load while the others wait for its value. Redis failing means no cache, never an error.
 * In process with `maxEntries` 0 it is off: every read loads, nothing is broadcast, and the
 * durables that invalidate it do not run (`enabled`, DurableOptions.enabledBy).
 */
export class ReadCache {
  private readonly memory?: MemoryStore;
  private readonly redis?: RedisStore;
  private readonly flights = new Map<string, Flight>();
  private readonly subject: string;
  private readonly counters: Record<'hits' | 'misses' | 'invalidations' | 'errors', Counter<never>>;
  private subscription?: Subscription;
  private closed = false;

  constructor(private readonly options: ReadCacheOptions) {
    const { metrics, service, prefix, redisUrl, nc } = options;
    this.counters = {
      hits: metrics.counter('vv_read_cache_hits_total', 'Reads answered from the read cache', []),
      misses: metrics.counter('vv_read_cache_misses_total', 'Reads the read cache had to load', []),
      invalidations: metrics.counter('vv_read_cache_invalidations_total', 'Read cache keys invalidated', []),
      errors: metrics.counter('vv_read_cache_errors_total', 'Redis calls of the read cache that failed', []),
    };
    this.subject = `${prefix}.cache.${service}.invalidate`;
    if (redisUrl) {
      this.redis = new RedisStore(redisUrl, `${prefix}:cache:${service}`, options.lockMs ?? 500, (error) =>
        options.logger.warn({ err: error }, 'read cache: redis connection error'),
      );
      return;
    }
    if (options.maxEntries <= 0) return;
    this.memory = new MemoryStore(options.maxEntries);
    this.subscription = nc.subscribe(this.subject, {
      callback: (error, msg) => {
        if (!error) this.dropLocally(JSON.parse(textDecoder.decode(msg.data)) as string[]);
      },
    });
    void this.clearOnReconnect();
  }

  /** Where the cache lives, for logs and docs. */
  get mode(): 'memory' | 'redis' | 'off' {
    if (this.redis) return 'redis';
    return this.memory ? 'memory' : 'off';
  }

  /** Whether reads are cached at all (Redis, or an in-process LRU of at least one entry). */
  get enabled(): boolean {
    return this.mode !== 'off';
  }

  /** Resolves once Redis answers, or after `timeoutMs`; at once in process. */
  async ready(timeoutMs = 2000): Promise<void> {
    await this.redis?.ready(timeoutMs);
  }

  /** The cached value of `key`, or `load()`'s (stored for `ttlMs`). The value must survive JSON. */
  async get<T>(key: string, load: () => Promise<T>, ttlMs = this.options.ttlMs): Promise<T> {
    if (!this.enabled) return load();
    const cached = this.memory ? this.memory.get(key) : await this.redisGet(key);
    if (cached !== undefined) {
      this.counters.hits.inc();
      return cached as T;
    }
    this.counters.misses.inc();
    const running = this.flights.get(key);
    if (running) return running.promise as Promise<T>;
    const flight: Flight = { promise: Promise.resolve(), stale: false };
    flight.promise = this.fill(key, load, ttlMs, flight).finally(() => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    });
    this.flights.set(key, flight);
    return flight.promise as Promise<T>;
  }

  /**
   * Forgets `keys` everywhere: this process at once, the other replicas by broadcast (in process)
   * or through Redis. Rejects only when Redis fails, so an event consumer retries the event.
   */
  async invalidate(keys: readonly string[]): Promise<void> {
    if (keys.length === 0 || !this.enabled) return;
    this.counters.invalidations.inc(keys.length);
    this.dropLocally(keys);
    if (!this.redis) {
      this.options.nc.publish(this.subject, JSON.stringify(keys));
      return;
    }
    try {
      await this.redis.invalidate(keys);
    } catch (error) {
      this.failed(error, 'invalidate');
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscription?.unsubscribe();
    await this.redis?.close();
  }

  private async fill<T>(key: string, load: () => Promise<T>, ttlMs: number, flight: Flight): Promise<T> {
    if (!this.redis) {
      const value = await load();
      if (!flight.stale) this.memory?.set(key, value, ttlMs);
      return value;
    }
    let ticket: RedisTicket | undefined;
    try {
      const begun = await this.redis.begin(key);
      if (begun.value !== undefined) return begun.value as T;
      ticket = begun;
      if (!ticket.leader) {
        const value = await this.redis.awaitLeader(key);
        if (value !== undefined) return value as T;
      }
    } catch (error) {
      this.failed(error, 'begin');
    }
    const leader = ticket?.leader === true;
    let value: T;
    try {
      value = await load();
    } catch (error) {
      if (leader) await this.redis.release(key).catch((failure: unknown) => this.failed(failure, 'release'));
      throw error;
    }
    if (leader && ticket) {
      const stored = flight.stale ? this.redis.release(key) : this.redis.set(key, value, ticket, ttlMs);
      await stored.catch((error: unknown) => this.failed(error, 'set'));
    }
    return value;
  }

  private async redisGet(key: string): Promise<unknown> {
    try {
      return await this.redis?.get(key);
    } catch (error) {
      this.failed(error, 'get');
      return undefined;
    }
  }

  private dropLocally(keys: readonly string[]): void {
    for (const key of keys) {
      this.memory?.delete(key);
      const flight = this.flights.get(key);
      if (!flight) continue;
      flight.stale = true;
      this.flights.delete(key);
    }
  }

  private async clearOnReconnect(): Promise<void> {
    for await (const status of this.options.nc.status()) {
      if (this.closed) return;
      if (status.type === 'reconnect') this.memory?.clear();
    }
  }

  private failed(error: unknown, operation: string): void {
    this.counters.errors.inc();
    this.options.logger.warn({ err: error, operation }, 'read cache: redis call failed; reading without it');
  }
}
