import { eventually } from '@vv/testing';
import { DrainLoop } from './drain-loop';

describe('DrainLoop', () => {
  it('pauses after each failed pass by the backoff policy, then passes again', async () => {
    const pauses: Array<[number, number]> = [];
    let passes = 0;
    const loop = new DrainLoop({
      pass: () => {
        passes += 1;
        return passes <= 4 ? Promise.reject(new Error(`failure ${passes}`)) : Promise.resolve();
      },
      pollIntervalMs: 3_600_000,
      retry: { firstMs: 10, maxMs: 40, jitter: 'equal' },
      random: () => 0, // the lowest wait equal jitter allows: half the ceiling
      onFailure: (_error, failures, retryInMs) => pauses.push([failures, retryInMs]),
    });
    loop.start();
    await eventually(() => expect(passes).toBe(5));
    await loop.stop();
    expect(pauses).toEqual([
      [1, 5],
      [2, 10],
      [3, 20],
      [4, 20],
    ]);
  });

  it('runs one pass at a time, and one more when woken during a pass', async () => {
    let release!: () => void;
    let passes = 0;
    let concurrent = 0;
    let most = 0;
    const loop = new DrainLoop({
      pass: async () => {
        passes += 1;
        concurrent += 1;
        most = Math.max(most, concurrent);
        if (passes === 1) await new Promise<void>((resolve) => (release = resolve));
        concurrent -= 1;
      },
      pollIntervalMs: 3_600_000,
      retry: { firstMs: 10, maxMs: 10 },
      onFailure: () => undefined,
    });
    loop.start();
    loop.wake();
    loop.wake();
    release();
    await eventually(() => expect(passes).toBe(2));
    await loop.flush();
    await loop.stop();
    expect(most).toBe(1);
    expect(passes).toBe(3); // the start's, the one woken during it, and the flush's
  });

  it('refuses wake-ups while not ready, and after stop', async () => {
    let ready = false;
    let passes = 0;
    const loop = new DrainLoop({
      pass: () => {
        passes += 1;
        return Promise.resolve();
      },
      pollIntervalMs: 3_600_000,
      retry: { firstMs: 10, maxMs: 10 },
      ready: () => ready,
      onFailure: () => undefined,
    });
    loop.start();
    await loop.flush();
    expect(passes).toBe(0);
    ready = true;
    await loop.flush();
    expect(passes).toBe(1);
    await loop.stop();
    await loop.flush();
    expect(passes).toBe(1);
  });
});
