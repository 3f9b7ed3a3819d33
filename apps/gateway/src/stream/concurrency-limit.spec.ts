import { eventually } from '@vv/testing';
import { ConcurrencyLimit } from './concurrency-limit';

describe('ConcurrencyLimit', () => {
  it('runs at most max tasks at once, the others in arrival order, and survives a failing task', async () => {
    const limit = new ConcurrencyLimit(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    // Each task runs until the test opens its gate, so the tasks overlap for as long as the test says.
    const gates = new Map<number, () => void>();
    const started: number[] = [];
    const task = (id: number) => async (): Promise<number> => {
      running += 1;
      most = Math.max(most, running);
      started.push(id);
      await new Promise<void>((resolve) => gates.set(id, resolve));
      running -= 1;
      order.push(id);
      if (id === 1) throw new Error('boom');
      return id;
    };
    const settled = Promise.allSettled([1, 2, 3, 4, 5].map((id) => limit.run(task(id))));
    for (const id of [1, 2, 3, 4, 5]) {
      // Before task `id` ends, it and the next one (if any) are the ones running.
      await eventually(() => expect(started).toHaveLength(Math.min(5, id + 1)));
      expect(running).toBe(Math.min(2, 6 - id));
      gates.get(id)!();
    }
    const results = await settled;
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(results[0].status).toBe('rejected');
    expect(results.slice(1).map((r) => (r.status === 'fulfilled' ? r.value : null))).toEqual([2, 3, 4, 5]);
    await expect(limit.run(() => Promise.resolve('again'))).resolves.toBe('again');
  });
});
