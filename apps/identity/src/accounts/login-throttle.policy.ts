import type { IdentityConfig } from '../config';

/** Failure counters are kept per account and per client IP. */
export const accountThrottleKey = (email: string): string => `account:${email}`;
export const ipThrottleKey = (clientIp: string | null): string | null => (clientIp ? `ip:${clientIp}` : null);

export interface FailureCounter {
  /** Failures in the current window (0 when there is none). */
  failures: number;
  /** ISO time the current window ends, or null when there is none. */
  windowEndsAt: string | null;
}

export interface LoginThrottleState {
  account: FailureCounter;
  ip: FailureCounter;
}

export interface LoginLimits {
  maxPerAccount: number;
  maxPerIp: number;
}

export const loginLimits = (
  config: Pick<IdentityConfig, 'LOGIN_MAX_FAILURES_PER_ACCOUNT' | 'LOGIN_MAX_FAILURES_PER_IP'>,
): LoginLimits => ({
  maxPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
  maxPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
});

/**
 * Whether a sign-in may be attempted at all. Once a key has used up its failures, every attempt
 * (even with the right password) is refused until its window ends: the answer is the seconds to
 * wait, or null when the attempt may go ahead.
 */
export function retryAfterSeconds(
  state: LoginThrottleState,
  limits: LoginLimits,
  now: number,
): number | null {
  const blockedUntil = [
    blockedUntilOf(state.account, limits.maxPerAccount),
    blockedUntilOf(state.ip, limits.maxPerIp),
  ].filter((until): until is number => until !== null && until > now);
  if (blockedUntil.length === 0) return null;
  return Math.max(1, Math.ceil((Math.max(...blockedUntil) - now) / 1000));
}

function blockedUntilOf(counter: FailureCounter, max: number): number | null {
  if (counter.failures < max || counter.windowEndsAt === null) return null;
  return Date.parse(counter.windowEndsAt);
}
