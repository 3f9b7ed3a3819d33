import { backoffDelayMs, backoffSchedule, type BackoffPolicy } from './backoff-policy';

describe('backoff policy', () => {
  const doubling: BackoffPolicy = { firstMs: 100, maxMs: 1000 };

  it('grows by the factor from the first wait, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 40].map((n) => backoffDelayMs(n, doubling))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(backoffSchedule({ firstMs: 1000, factor: 5, maxMs: 600_000 }, 6)).toEqual([
      1000, 5000, 25_000, 125_000, 600_000, 600_000,
    ]);
  });

  it('treats a count below one as the first failure, and a huge one as the cap', () => {
    expect(backoffDelayMs(0, doubling)).toBe(100);
    expect(backoffDelayMs(1_000_000, doubling)).toBe(1000);
  });

  it('spreads an equal-jitter wait over [½, 1] of its ceiling', () => {
    const equal: BackoffPolicy = { ...doubling, jitter: 'equal' };
    expect(backoffDelayMs(3, equal, () => 0)).toBe(200);
    expect(backoffDelayMs(3, equal, () => 0.5)).toBe(300);
    expect(backoffDelayMs(3, equal, () => 0.999_999)).toBe(400);
  });

  it('spreads a full-jitter wait over [0, 1] of its ceiling, never below 1 ms', () => {
    const full: BackoffPolicy = { ...doubling, jitter: 'full' };
    expect(backoffDelayMs(3, full, () => 0)).toBe(1);
    expect(backoffDelayMs(3, full, () => 0.25)).toBe(100);
    expect(backoffDelayMs(9, full, () => 0.5)).toBe(500);
  });

  it('gives a schedule without jitter whatever the policy says', () => {
    expect(backoffSchedule({ ...doubling, jitter: 'full' }, 3)).toEqual([100, 200, 400]);
  });
});
