export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * Token buckets keyed by a client (an IP, a user): each holds up to `perMinute` tokens, refilled
 * continuously at `perMinute` per minute, so a burst of the whole minute's allowance is allowed
 * once and then the steady rate. In memory: the limits hold per gateway replica. Buckets that
 * have refilled completely are forgotten, so memory follows the number of recently active keys.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;
  private lastSweep: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isFinite(perMinute) || perMinute <= 0) throw new Error('perMinute must be positive');
    this.refillPerMs = perMinute / 60_000;
    this.lastSweep = now();
  }

  /** Takes one token from `key`'s bucket, or says how long until one is available. */
  take(key: string): TakeResult {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, updatedAt: now };
    const tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, updatedAt: now });
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.refillPerMs / 1000)),
      };
    }
    this.buckets.set(key, { tokens: tokens - 1, updatedAt: now });
    return { allowed: true };
  }

  /** How many keys are currently tracked. */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs >= this.perMinute)
        this.buckets.delete(key);
    }
  }
}
