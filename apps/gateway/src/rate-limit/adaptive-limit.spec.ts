import { ADAPTIVE_LIMIT_DEFAULTS, AdaptiveLimit, type AdaptiveLimitOptions } from './adaptive-limit';

/**
 * Drives a limiter with synthetic latencies on a fake clock: `run` keeps the limiter full (or at
 * `concurrency`) for `windows` windows, every request taking `latencyMs`.
 */
class Harness {
  clock = 0;
  readonly limiter: AdaptiveLimit;

  constructor(options: Partial<AdaptiveLimitOptions> = {}) {
    this.limiter = new AdaptiveLimit(
      { ...ADAPTIVE_LIMIT_DEFAULTS, min: 4, max: 100, ...options },
      () => this.clock,
    );
  }

  /**
   * About one window of the limiter: batches of `concurrency` requests (default: as many as it
   * admits) that each leave `latencyMs` after they entered, a batch every `windowMs`, until the
   * window has its minimum of samples.
   */
  window(latencyMs: number | ((i: number) => number), concurrency?: number): void {
    const latency = typeof latencyMs === 'number' ? () => latencyMs : latencyMs;
    let done = 0;
    while (done < ADAPTIVE_LIMIT_DEFAULTS.windowMinSamples) {
      const start = this.clock;
      const leaves: { leave: () => void; at: number }[] = [];
      for (let i = 0; i < (concurrency ?? this.limiter.limit); i++) {
        const leave = this.limiter.tryEnter();
        if (!leave) break;
        leaves.push({ leave, at: start + latency(done + i) });
      }
      leaves.sort((a, b) => a.at - b.at);
      for (const { leave, at } of leaves) {
        this.clock = at;
        leave();
      }
      done += leaves.length;
      this.clock = Math.max(this.clock, start + ADAPTIVE_LIMIT_DEFAULTS.windowMs);
    }
  }

  run(windows: number, latencyMs: number, concurrency?: number): void {
    for (let i = 0; i < windows; i++) this.window(latencyMs, concurrency);
  }
}

describe('AdaptiveLimit', () => {
  it('starts at the ceiling and admits exactly that many, counting each request out once', () => {
    const { limiter } = new Harness({ min: 1, max: 3 });
    const first = limiter.tryEnter();
    expect(limiter.tryEnter()).not.toBeNull();
    expect(limiter.tryEnter()).not.toBeNull();
    expect(limiter.tryEnter()).toBeNull();
    expect(limiter.full).toBe(true);
    first?.();
    first?.(); // the response's close may fire twice: room for one, not two
    expect(limiter.inFlight).toBe(2);
    expect(limiter.tryEnter()).not.toBeNull();
    expect(limiter.tryEnter()).toBeNull();
  });

  it('shrinks when latency rises under load, and grows back when it falls', () => {
    const h = new Harness();
    h.run(20, 10); // the baseline: 10 ms at full load
    expect(h.limiter.limit).toBe(100);
    h.run(30, 60); // six times slower: requests queue behind the gateway
    const shrunk = h.limiter.limit;
    expect(shrunk).toBeLessThan(50);
    h.run(60, 10);
    expect(h.limiter.limit).toBeGreaterThan(shrunk * 1.5);
  });

  it('moves the limit so that latency settles within tolerance of the baseline', () => {
    const h = new Harness({ max: 200 });
    h.run(10, 10);
    // A server that answers 4 requests per ms: latency is queueing, proportional to concurrency.
    for (let i = 0; i < 150; i++) h.window(Math.max(10, h.limiter.limit / 4));
    const settled = h.limiter.limit / 4;
    expect(settled).toBeGreaterThan(10);
    expect(settled).toBeLessThanOrEqual(
      ADAPTIVE_LIMIT_DEFAULTS.tolerance * (h.limiter.baselineMs ?? 0) * 1.2,
    );
  });

  it('never goes below min nor above max', () => {
    const h = new Harness({ min: 7, max: 40 });
    h.run(10, 10);
    h.run(60, 5_000);
    expect(h.limiter.limit).toBe(7);
    h.run(300, 1);
    expect(h.limiter.limit).toBe(40);
  });

  it('does not collapse on one slow outlier', () => {
    const h = new Harness();
    h.run(20, 10);
    h.window((i) => (i === 3 ? 5_000 : 10));
    expect(h.limiter.limit).toBeGreaterThanOrEqual(90);
    h.run(10, 10);
    expect(h.limiter.limit).toBe(100);
  });

  it('leaves the limit alone when fewer than half the slots are used (the load, not capacity, is low)', () => {
    const h = new Harness();
    h.run(20, 10);
    h.run(50, 200, 10);
    expect(h.limiter.limit).toBe(100);
  });

  it('forgets a stale baseline once an overload has passed', () => {
    const h = new Harness({ baselineWindows: 20 });
    h.run(5, 10);
    h.run(100, 100); // a long overload drags the baseline up
    const inflated = h.limiter.baselineMs ?? 0;
    expect(inflated).toBeGreaterThan(50);
    h.run(40, 10);
    expect(h.limiter.baselineMs).toBeLessThan(20);
  });

  it('rejects a floor above the ceiling', () => {
    expect(() => new AdaptiveLimit({ ...ADAPTIVE_LIMIT_DEFAULTS, min: 10, max: 5 }, () => 0)).toThrow(
      RangeError,
    );
  });
});
