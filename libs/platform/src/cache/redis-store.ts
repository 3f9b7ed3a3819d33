import { Redis } from 'ioredis';

/** Stores `value` only while the key's generation is still the one read before the load; frees the lock. */
const SET_IF_GENERATION = `
if (redis.call('GET', KEYS[1]) or '0') == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
end
redis.call('DEL', KEYS[3])
return 1`;

/** How long a generation counter outlives its last invalidation (far beyond any load). */
const GENERATION_TTL_MS = 86_400_000;

/** What a loader holds between reading the generation and storing: the generation, and the lock if won. */
export interface RedisTicket {
  generation: string;
  leader: boolean;
}

/**
 * Cached values shared by every replica through Redis, as JSON under `<namespace>:v:<key>`, with a
 * generation counter (`:g:`, bumped by each invalidation) and a short load lock (`:l:`). Commands
 * fail fast (no offline queue, a command timeout) so a Redis outage costs a caller little.
 */
export class RedisStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly namespace: string,
    private readonly lockMs: number,
    onError: (error: Error) => void,
  ) {
    this.redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 250,
      lazyConnect: false,
    });
    this.redis.on('error', onError);
  }

  /** Resolves once connected, or after `timeoutMs` (a start does not wait on Redis for long). */
  async ready(timeoutMs: number): Promise<void> {
    if (this.redis.status === 'ready') return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise((resolve) => this.redis.once('ready', resolve)),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  async get(key: string): Promise<unknown> {
    const text = await this.redis.get(this.name('v', key));
    return text === null ? undefined : (JSON.parse(text) as unknown);
  }

  /**
   * In one transaction: the value if a loader stored it since the caller's miss, else the
   * generation now and whether this caller won the load lock (the others wait for its value).
   */
  async begin(key: string): Promise<RedisTicket & { value: unknown }> {
    const [[, text], [, generation], [, locked]] = (await this.redis
      .multi()
      .get(this.name('v', key))
      .get(this.name('g', key))
      .set(this.name('l', key), '1', 'PX', this.lockMs, 'NX')
      .exec()) as [[unknown, string | null], [unknown, string | null], [unknown, string | null]];
    return {
      value: text === null ? undefined : (JSON.parse(text) as unknown),
      generation: generation ?? '0',
      leader: text === null && locked === 'OK',
    };
  }

  /** Frees the load lock of a load that will store nothing (failed, or overtaken by an invalidation). */
  async release(key: string): Promise<void> {
    await this.redis.del(this.name('l', key));
  }

  /** The value the lock's holder stores, polled until the lock expires; undefined if none came. */
  async awaitLeader(key: string): Promise<unknown> {
    const deadline = Date.now() + this.lockMs;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(20, this.lockMs)));
      const value = await this.get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  async set(key: string, value: unknown, ticket: RedisTicket, ttlMs: number): Promise<void> {
    await this.redis.eval(
      SET_IF_GENERATION,
      3,
      this.name('g', key),
      this.name('v', key),
      this.name('l', key),
      ticket.generation,
      JSON.stringify(value),
      ttlMs,
    );
  }

  async invalidate(keys: readonly string[]): Promise<void> {
    const pipeline = this.redis.multi();
    for (const key of keys) {
      pipeline.incr(this.name('g', key)).pexpire(this.name('g', key), GENERATION_TTL_MS);
      pipeline.del(this.name('v', key));
    }
    await pipeline.exec();
  }

  async close(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit();
    else this.redis.disconnect();
  }

  private name(kind: 'v' | 'g' | 'l', key: string): string {
    return `${this.namespace}:${kind}:${key}`;
  }
}
