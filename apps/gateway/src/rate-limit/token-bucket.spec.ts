import { TokenBuckets } from './token-bucket';

describe('TokenBuckets', () => {
  let now = 0;
  const clock = (): number => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows a burst of the per-minute allowance, then refuses with a retry delay', () => {
    const buckets = new TokenBuckets(3, clock);
    expect(buckets.take('a')).toEqual({ allowed: true });
    expect(buckets.take('a')).toEqual({ allowed: true });
    expect(buckets.take('a')).toEqual({ allowed: true });
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
  });

  it('keeps a bucket per key', () => {
    const buckets = new TokenBuckets(1, clock);
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
    expect(buckets.take('b').allowed).toBe(true);
  });

  it('refills continuously at the per-minute rate', () => {
    const buckets = new TokenBuckets(60, clock);
    for (let i = 0; i < 60; i++) expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1000;
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
  });

  it('never refills beyond the allowance', () => {
    const buckets = new TokenBuckets(2, clock);
    now += 3_600_000;
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
  });

  it('says how long until the next token', () => {
    const buckets = new TokenBuckets(1, clock);
    buckets.take('a');
    now += 15_000;
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 45 });
  });

  it('forgets buckets that have refilled, so idle clients cost no memory', () => {
    const buckets = new TokenBuckets(10, clock);
    buckets.take('a');
    buckets.take('b');
    expect(buckets.size).toBe(2);
    now += 61_000;
    buckets.take('c');
    expect(buckets.size).toBe(1);
  });

  it('refuses a non-positive allowance', () => {
    expect(() => new TokenBuckets(0, clock)).toThrow();
  });
});
