import { connect, type NatsConnection } from '@nats-io/transport-node';
import { eventually, infrastructure, metricValue, testSubjectPrefix } from '@vv/testing';
import { createLogger } from '../logging/logger';
import { Metrics } from '../ops/metrics';
import { ReadCache, type ReadCacheOptions } from './read-cache';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A load the test finishes when it wants, counting its calls. */
function gate<T>(value: T): { load: () => Promise<T>; calls: () => number; release: () => void } {
  let calls = 0;
  let release = (): void => undefined;
  const opened = new Promise<void>((resolve) => (release = resolve));
  return {
    load: async () => {
      calls += 1;
      await opened;
      return value;
    },
    calls: () => calls,
    release: () => release(),
  };
}

describe.each(['memory', 'redis'] as const)('ReadCache (%s)', (mode) => {
  let nc: NatsConnection;
  const prefix = testSubjectPrefix();
  const caches: ReadCache[] = [];

  /** One replica's cache (connected); replicas of a test share the service and prefix. */
  const replica = async (options: Partial<ReadCacheOptions> = {}): Promise<ReadCache> => {
    const cache = new ReadCache({
      service: 'test',
      prefix,
      nc,
      logger: createLogger('test', 'silent'),
      metrics: new Metrics('test'),
      redisUrl: mode === 'redis' ? REDIS_URL : undefined,
      ttlMs: 60_000,
      maxEntries: 100,
      ...options,
    });
    caches.push(cache);
    await cache.ready();
    return cache;
  };
  let counter = 0;
  const freshKey = (): string => `k${(counter += 1)}`;

  beforeAll(async () => {
    nc = await connect({ servers: (await infrastructure()).natsUrl });
  });
  afterAll(async () => {
    await Promise.all(caches.map((cache) => cache.close()));
    await nc.close();
  });

  it('loads once, then answers from the cache, counting hits and misses', async () => {
    const metrics = new Metrics('test');
    const cache = await replica({ metrics });
    const key = freshKey();
    const load = jest.fn(() => Promise.resolve({ n: 1 }));
    await expect(cache.get(key, load)).resolves.toEqual({ n: 1 });
    await expect(cache.get(key, load)).resolves.toEqual({ n: 1 });
    expect(load).toHaveBeenCalledTimes(1);
    expect(await metricValue(metrics, 'vv_read_cache_misses_total')).toBe(1);
    expect(await metricValue(metrics, 'vv_read_cache_hits_total')).toBe(1);
  });

  it('shares one load among concurrent misses of a key (stampede guard)', async () => {
    const cache = await replica();
    const key = freshKey();
    const load = gate('v');
    const reads = Array.from({ length: 20 }, () => cache.get(key, load.load));
    await eventually(() => expect(load.calls()).toBe(1));
    load.release();
    expect(await Promise.all(reads)).toEqual(Array(20).fill('v'));
    expect(load.calls()).toBe(1);
  });

  it('does not store a load that an invalidation overtook (generation guard)', async () => {
    const cache = await replica();
    const key = freshKey();
    const old = gate('old');
    const read = cache.get(key, old.load);
    await eventually(() => expect(old.calls()).toBe(1));
    await cache.invalidate([key]);
    old.release();
    await expect(read).resolves.toBe('old');
    await expect(cache.get(key, () => Promise.resolve('new'))).resolves.toBe('new');
  });

  it("reaches every replica's copy with an invalidation", async () => {
    const [a, b] = [await replica(), await replica()];
    const key = freshKey();
    await a.get(key, () => Promise.resolve(1));
    await b.get(key, () => Promise.resolve(1));
    await a.invalidate([key]);
    await eventually(async () => expect(await b.get(key, () => Promise.resolve(2))).toBe(2));
  });

  it('caches nothing in memory with room for no entry', async () => {
    const cache = await replica({ maxEntries: 0 });
    const key = freshKey();
    const load = jest.fn(() => Promise.resolve('v'));
    await cache.get(key, load);
    await cache.get(key, load);
    expect(load).toHaveBeenCalledTimes(mode === 'memory' ? 2 : 1);
    // In process it is off: its invalidation durables are not run (DurableOptions.enabledBy).
    expect(cache.enabled).toBe(mode !== 'memory');
  });

  it('keeps a bounded number of entries in memory', async () => {
    const cache = await replica({ maxEntries: 2 });
    const [first, second, third] = [freshKey(), freshKey(), freshKey()];
    for (const key of [first, second, third]) await cache.get(key, () => Promise.resolve(key));
    const reload = jest.fn(() => Promise.resolve('again'));
    await cache.get(third, reload);
    await cache.get(first, reload);
    // In memory the oldest key was evicted; Redis keeps all three (its own TTL and memory policy).
    expect(reload).toHaveBeenCalledTimes(mode === 'memory' ? 1 : 0);
  });
});

describe('ReadCache with Redis', () => {
  let nc: NatsConnection;
  const prefix = testSubjectPrefix();
  const caches: ReadCache[] = [];
  const replica = async (redisUrl: string, metrics = new Metrics('test')): Promise<ReadCache> => {
    const cache = new ReadCache({
      service: 'test',
      prefix,
      nc,
      logger: createLogger('test', 'silent'),
      metrics,
      redisUrl,
      ttlMs: 60_000,
      maxEntries: 100,
    });
    caches.push(cache);
    await cache.ready();
    return cache;
  };

  beforeAll(async () => {
    nc = await connect({ servers: (await infrastructure()).natsUrl });
  });
  afterAll(async () => {
    await Promise.all(caches.map((cache) => cache.close()));
    await nc.close();
  });

  it('lets one replica load while the others wait for its value', async () => {
    const [a, b] = [await replica(REDIS_URL), await replica(REDIS_URL)];
    const load = gate('shared');
    const first = a.get('page', load.load);
    await eventually(() => expect(load.calls()).toBe(1));
    const second = b.get('page', load.load);
    load.release();
    await expect(Promise.all([first, second])).resolves.toEqual(['shared', 'shared']);
    expect(load.calls()).toBe(1);
  });

  it('reads without a cache, and counts the failure, when Redis does not answer', async () => {
    const metrics = new Metrics('test');
    const cache = await replica('redis://127.0.0.1:1', metrics);
    await expect(cache.get('key', () => Promise.resolve('loaded'))).resolves.toBe('loaded');
    await expect(cache.get('key', () => Promise.resolve('loaded again'))).resolves.toBe('loaded again');
    expect(await metricValue(metrics, 'vv_read_cache_errors_total')).toBeGreaterThan(0);
    await expect(cache.invalidate(['key'])).rejects.toThrow();
  });
});
