import { accountThrottleKey, ipThrottleKey, retryAfterSeconds } from './login-throttle.policy';

const now = Date.parse('2024-01-01T00:00:00.000Z');
const at = (secondsFromNow: number): string => new Date(now + secondsFromNow * 1000).toISOString();
const limits = { maxPerAccount: 5, maxPerIp: 20 };
const none = { failures: 0, windowEndsAt: null };

describe('login throttle policy', () => {
  it('names the keys per account and per IP', () => {
    expect(accountThrottleKey('a@example.com')).toBe('account:a@example.com');
    expect(ipThrottleKey('203.0.113.9')).toBe('ip:203.0.113.9');
    expect(ipThrottleKey(null)).toBeNull();
  });

  it('lets attempts through below the limits', () => {
    expect(
      retryAfterSeconds(
        { account: { failures: 4, windowEndsAt: at(60) }, ip: { failures: 19, windowEndsAt: at(60) } },
        limits,
        now,
      ),
    ).toBeNull();
    expect(retryAfterSeconds({ account: none, ip: none }, limits, now)).toBeNull();
  });

  it('blocks an account at its limit until the window ends', () => {
    expect(
      retryAfterSeconds({ account: { failures: 5, windowEndsAt: at(120.2) }, ip: none }, limits, now),
    ).toBe(121);
  });

  it('blocks an IP at its limit, and takes the later window when both are blocked', () => {
    expect(
      retryAfterSeconds({ account: none, ip: { failures: 20, windowEndsAt: at(30) } }, limits, now),
    ).toBe(30);
    expect(
      retryAfterSeconds(
        { account: { failures: 9, windowEndsAt: at(10) }, ip: { failures: 25, windowEndsAt: at(300) } },
        limits,
        now,
      ),
    ).toBe(300);
  });

  it('ignores a window that is over', () => {
    expect(
      retryAfterSeconds({ account: { failures: 50, windowEndsAt: at(-1) }, ip: none }, limits, now),
    ).toBeNull();
  });
});
