import { backoffDelayMs, retryDelayMs } from './webhook-backoff';

describe('webhook backoff', () => {
  const settings = { baseMs: 30_000, maxMs: 7_200_000, maxAttempts: 12 };

  it('doubles from the base up to the max', () => {
    const top = (): number => 0.999_999_999;
    expect([1, 2, 3, 4, 8, 9, 12].map((attempt) => backoffDelayMs(attempt, settings, top))).toEqual([
      30_000, 60_000, 120_000, 240_000, 3_840_000, 7_200_000, 7_200_000,
    ]);
  });

  it('jitters each wait into [50%, 100%] of its ceiling', () => {
    expect(backoffDelayMs(3, settings, () => 0)).toBe(60_000);
    expect(backoffDelayMs(3, settings, () => 0.5)).toBe(90_000);
    for (let i = 0; i < 200; i += 1) {
      const delay = backoffDelayMs(20, settings);
      expect(delay).toBeGreaterThanOrEqual(3_600_000);
      expect(delay).toBeLessThanOrEqual(7_200_000);
    }
  });

  it('stops after the last attempt', () => {
    expect(retryDelayMs(11, settings, () => 0)).toBe(3_600_000);
    expect(retryDelayMs(12, settings)).toBeNull();
    expect(retryDelayMs(13, settings)).toBeNull();
  });

  it('does not overflow on a huge attempt count', () => {
    expect(backoffDelayMs(10_000, settings, () => 0)).toBe(3_600_000);
  });
});
