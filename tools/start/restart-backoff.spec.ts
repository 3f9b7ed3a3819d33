import { RestartBackoff } from './restart-backoff';

describe('RestartBackoff', () => {
  const options = { firstMs: 1000, maxMs: 30_000, stableMs: 60_000 };

  it('doubles the wait per crash in a row, up to the maximum', () => {
    const backoff = new RestartBackoff(options);
    const waits = Array.from({ length: 7 }, () => backoff.next(500));
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('starts over after a run that lasted the stable time', () => {
    const backoff = new RestartBackoff(options);
    backoff.next(500);
    backoff.next(500);
    expect(backoff.next(60_000)).toBe(1000);
    expect(backoff.next(59_999)).toBe(2000);
  });
});
