import type { IdentityConfig } from '../config';

/** The failure counters of one sign-in attempt: its account, its (account, address) pair, its address. */
export interface LoginKeys {
  account: string;
  pair: string;
  /** Null when the address is unknown. */
  ip: string | null;
}

/** Attempts without a known address share one pair per account. */
export const loginKeys = (email: string, clientIp: string | null): LoginKeys => ({
  account: `account:${email}`,
  pair: `pair:${clientIp ?? 'unknown'}|${email}`,
  ip: clientIp ? `ip:${clientIp}` : null,
});

export interface FailureCounter {
  /** Failures in the current window (0 when there is none). */
  failures: number;
  /** ISO time the current window ends, or null when there is none. */
  windowEndsAt: string | null;
  /** ISO time of the latest failure in the window, or null when there is none. */
  lastFailureAt: string | null;
}

export interface LoginThrottleState {
  account: FailureCounter;
  /** The account from this address. */
  pair: FailureCounter;
  ip: FailureCounter;
}

export interface LoginLimits {
  maxPerPair: number;
  maxPerAccount: number;
  maxPerIp: number;
  backoffBaseSeconds: number;
  windowSeconds: number;
}

export const loginLimits = (
  config: Pick<
    IdentityConfig,
    | 'LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP'
    | 'LOGIN_MAX_FAILURES_PER_ACCOUNT'
    | 'LOGIN_MAX_FAILURES_PER_IP'
    | 'LOGIN_BACKOFF_BASE_SECONDS'
    | 'LOGIN_FAILURE_WINDOW_SECONDS'
  >,
): LoginLimits => ({
  maxPerPair: config.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP,
  maxPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
  maxPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
  backoffBaseSeconds: config.LOGIN_BACKOFF_BASE_SECONDS,
  windowSeconds: config.LOGIN_FAILURE_WINDOW_SECONDS,
});

/** The n-th backoff (n ≥ 1): the base, doubled for each step, at most one failure window. */
export const backoffSeconds = (step: number, limits: LoginLimits): number =>
  Math.min(limits.backoffBaseSeconds * 2 ** Math.min(step - 1, 30), limits.windowSeconds);

/**
 * Whether a sign-in may be attempted at all; the seconds to wait, or null when it may go ahead.
 * The rule slows an attacker without locking the owner out:
 * - an address with `maxPerIp` failures (any accounts) waits until its window ends;
 * - a pair with `maxPerPair` failures waits a backoff after its last failure, doubling with each
 *   further failure (brute force from one address);
 * - an account with `maxPerAccount` failures (any addresses) makes every address that failed on it
 *   wait a backoff after its own last failure, doubling with each further failure on the account
 *   (a distributed attack). An address with no failure on the account is not held back, so the
 *   owner's right password from elsewhere still signs in.
 * A backoff is at most one failure window, and ends with its pair's window.
 */
export function retryAfterSeconds(
  state: LoginThrottleState,
  limits: LoginLimits,
  now: number,
): number | null {
  const { account, pair, ip } = state;
  const blockedUntil = [
    ip.failures >= limits.maxPerIp ? time(ip.windowEndsAt) : null,
    pair.failures >= limits.maxPerPair
      ? backoffEnd(pair, pair.failures - limits.maxPerPair + 1, limits)
      : null,
    pair.failures > 0 && account.failures >= limits.maxPerAccount
      ? backoffEnd(pair, account.failures - limits.maxPerAccount + 1, limits)
      : null,
  ].filter((until): until is number => until !== null && until > now);
  if (blockedUntil.length === 0) return null;
  return Math.max(1, Math.ceil((Math.max(...blockedUntil) - now) / 1000));
}

/** The end of the `step`-th backoff after the pair's last failure, within the pair's window. */
function backoffEnd(pair: FailureCounter, step: number, limits: LoginLimits): number | null {
  const last = time(pair.lastFailureAt);
  const windowEnd = time(pair.windowEndsAt);
  if (last === null || windowEnd === null) return null;
  return Math.min(last + backoffSeconds(step, limits) * 1000, windowEnd);
}

const time = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));
