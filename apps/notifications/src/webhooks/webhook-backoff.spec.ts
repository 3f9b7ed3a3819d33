import { retryDelayMs, webhookRetriesOf } from './webhook-backoff';

describe('webhook backoff', () => {
  // The defaults documented in docs/api.md and the notifications README.
  const retries = webhookRetriesOf({
    WEBHOOK_BACKOFF_BASE_MS: 30_000,
    WEBHOOK_BACKOFF_MAX_MS: 7_200_000,
    WEBHOOK_MAX_ATTEMPTS: 12,
  });

  it('doubles from the base up to the max', () => {
    const top = (): number => 0.999_999_999;
    expect([1, 2, 3, 4, 8, 9, 11].map((attempt) => retryDelayMs(attempt, retries, top))).toEqual([
      30_000, 60_000, 120_000, 240_000, 3_840_000, 7_200_000, 7_200_000,
    ]);
  });

  it('jitters each wait into [50%, 100%] of its ceiling', () => {
    expect(retryDelayMs(3, retries, () => 0)).toBe(60_000);
    expect(retryDelayMs(3, retries, () => 0.5)).toBe(90_000);
    for (let i = 0; i < 200; i += 1) {
      const delay = retryDelayMs(10, retries)!;
      expect(delay).toBeGreaterThanOrEqual(3_600_000);
      expect(delay).toBeLessThanOrEqual(7_200_000);
    }
  });

  it('stops after the last attempt', () => {
    expect(retryDelayMs(11, retries, () => 0)).toBe(3_600_000);
    expect(retryDelayMs(12, retries)).toBeNull();
    expect(retryDelayMs(13, retries)).toBeNull();
  });
});
