import { backoffSeconds, loginKeys, retryAfterSeconds, type FailureCounter } from './login-throttle.policy';

const now = Date.parse('2024-01-01T00:00:00.000Z');
const at = (secondsFromNow: number): string => new Date(now + secondsFromNow * 1000).toISOString();
const limits = { maxPerPair: 5, maxPerAccount: 5, maxPerIp: 20, backoffBaseSeconds: 30, windowSeconds: 900 };
const none: FailureCounter = { failures: 0, windowEndsAt: null, lastFailureAt: null };
/** `failures` whose last one was `ago` seconds ago, in a window ending in `endsIn` seconds. */
const counter = (failures: number, ago = 0, endsIn = 600): FailureCounter => ({
  failures,
  windowEndsAt: at(endsIn),
  lastFailureAt: at(-ago),
});

describe('login throttle policy', () => {
  it('names the keys per account, per (account, address) pair and per address', () => {
    expect(loginKeys('a@example.com', '203.0.113.9')).toEqual({
      account: 'account:a@example.com',
      pair: 'pair:203.0.113.9|a@example.com',
      ip: 'ip:203.0.113.9',
    });
    expect(loginKeys('a@example.com', null)).toEqual({
      account: 'account:a@example.com',
      pair: 'pair:unknown|a@example.com',
      ip: null,
    });
  });

  it('doubles the backoff per step, up to the window', () => {
    expect([1, 2, 3, 4, 5, 6, 40].map((step) => backoffSeconds(step, limits))).toEqual([
      30, 60, 120, 240, 480, 900, 900,
    ]);
  });

  it('lets attempts through below the limits', () => {
    expect(
      retryAfterSeconds({ account: counter(4), pair: counter(4), ip: counter(19) }, limits, now),
    ).toBeNull();
    expect(retryAfterSeconds({ account: none, pair: none, ip: none }, limits, now)).toBeNull();
  });

  it('lets an address with no failure on the account in, however many failures the account has', () => {
    expect(retryAfterSeconds({ account: counter(500), pair: none, ip: counter(3) }, limits, now)).toBeNull();
  });

  it('backs a pair off after its limit, doubling per further failure', () => {
    const pair = (failures: number) => ({ account: none, pair: counter(failures, 10), ip: none });
    expect(retryAfterSeconds(pair(5), limits, now)).toBe(20);
    expect(retryAfterSeconds(pair(6), limits, now)).toBe(50);
    expect(retryAfterSeconds(pair(7), limits, now)).toBe(110);
  });

  it('backs an address that failed on a hot account off by the account’s failures', () => {
    const hot = (accountFailures: number) => ({
      account: counter(accountFailures),
      pair: counter(1, 5),
      ip: none,
    });
    expect(retryAfterSeconds(hot(5), limits, now)).toBe(25);
    expect(retryAfterSeconds(hot(8), limits, now)).toBe(235);
  });

  it('ends a backoff with the pair’s window, and ignores one that is over', () => {
    expect(
      retryAfterSeconds({ account: counter(50), pair: counter(30, 1, 100), ip: none }, limits, now),
    ).toBe(100);
    expect(retryAfterSeconds({ account: none, pair: counter(5, 31), ip: none }, limits, now)).toBeNull();
  });

  it('blocks an address at its limit until its window ends, and takes the latest block', () => {
    expect(retryAfterSeconds({ account: none, pair: none, ip: counter(20, 0, 300) }, limits, now)).toBe(300);
    expect(
      retryAfterSeconds({ account: none, pair: counter(5, 0), ip: counter(25, 0, 700.2) }, limits, now),
    ).toBe(701);
  });
});
