import { NegativeCache } from './negative-cache';

describe('NegativeCache', () => {
  let now = 0;
  const clock = (): number => now;
  beforeEach(() => (now = 1_000));

  it('remembers a refusal for its time to live, then forgets it', () => {
    const cache = new NegativeCache(2000, 10, clock);
    cache.add('v', 'u');
    expect(cache.has('v', 'u')).toBe(true);
    expect(cache.has('v', 'other')).toBe(false);
    now += 1999;
    expect(cache.has('v', 'u')).toBe(true);
    now += 1;
    expect(cache.has('v', 'u')).toBe(false);
    expect(cache.size).toBe(0);
  });

  it('is bounded: the oldest entry goes first when full', () => {
    const cache = new NegativeCache(60_000, 2, clock);
    cache.add('v', 'a');
    cache.add('v', 'b');
    cache.add('v', 'a'); // refreshed: now the newest
    cache.add('v', 'c');
    expect(cache.size).toBe(2);
    expect([cache.has('v', 'a'), cache.has('v', 'b'), cache.has('v', 'c')]).toEqual([true, false, true]);
  });

  it('forgets a pair on delete, and remembers nothing when disabled', () => {
    const cache = new NegativeCache(60_000, 2, clock);
    cache.add('v', 'a');
    cache.delete('v', 'a');
    expect(cache.has('v', 'a')).toBe(false);
    const off = new NegativeCache(0, 10, clock);
    off.add('v', 'a');
    expect(off.has('v', 'a')).toBe(false);
  });
});
